"""Folder scan benchmark: ingest N saved pages, then scan again with nothing new.

    python tests/bench/folder_scan.py [--files N] [--repeat K]

The second scan must cost almost nothing: unchanged files are only stat'ed, never read. It is
compared with a floor: listing the folder and stat'ing every file once.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpora  # noqa: E402 (beside this script)

from monitor.analysis.analyser import Analyser  # noqa: E402
from monitor.config.load import Config, SeedsConfig  # noqa: E402
from monitor.ingest.folders import ingest  # noqa: E402
from monitor.sources.pages import folder  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
SUBFOLDERS = 20
T = TypeVar("T")


def write_pages(folder: Path, files: int) -> None:
    """Short plain-text pages: a title and the opening paragraphs of an evaluation article."""
    rng = random.Random(5)
    pool = corpora.load_pool()
    for n in range(files):
        body = rng.choice(pool)
        page = folder / f"part-{n % SUBFOLDERS:02d}" / f"page-{n:05d}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join((f"{body.title} ({n})", *body.paragraphs[:3], f"Filed as page {n}."))
        page.write_text(text + "\n", encoding="utf-8")


def stat_floor(folder: Path) -> float:
    started = time.perf_counter()
    for directory, _, names in os.walk(folder):
        for name in names:
            os.stat(os.path.join(directory, name))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="pages (default 10,000)")
    parser.add_argument("--repeat", type=int, default=5, help="second scans (default 5)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the corpus's short pages would each say so
    with tempfile.TemporaryDirectory(prefix="monitor-scan-") as tmp:
        pages = Path(tmp) / "pages"
        write_pages(pages, args.files)
        config = Config(feeds=(), seeds=SeedsConfig(paths=(pages,)))
        with Analyser.configured(config) as analyser:  # as the CLI: analysis workers
            store = Store.open(Path(tmp) / "state")
            first_s, first = timed(lambda: ingest(store, config, analyser, lambda: NOW))
            print(f"first ingest: {first_s:.1f} s, {first.line()}")
            second = statistics.median(
                timed(lambda: ingest(store, config, analyser, lambda: NOW))[0]
                for _ in range(args.repeat)
            )
            floor = statistics.median(stat_floor(pages) for _ in range(args.repeat))
            read = files_read(store, pages)
            print(f"second scan, nothing new: {second * 1000:.0f} ms for {args.files:,} files"
                  f" ({second / args.files * 1e6:.1f} us/file), files read: {read}")
            print(f"floor (walk + one stat per file): {floor * 1000:.0f} ms;"
                  f" second scan = {second / floor:.1f}x the floor")
            touch_all(pages)
            touched, _ = timed(lambda: ingest(store, config, analyser, lambda: NOW))
            after, _ = timed(lambda: ingest(store, config, analyser, lambda: NOW))
            print(f"after touching every file: {touched * 1000:.0f} ms (each read once, to hash),"
                  f" then {after * 1000:.0f} ms, files read: {files_read(store, pages)}")
            store.close()


def timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def files_read(store: Store, pages: Path) -> int:
    """How many files a scan reads, counted by the reader handed to it."""
    reads = 0

    def counting(path: Path) -> bytes:
        nonlocal reads
        reads += 1
        return path.read_bytes()

    list(folder.read_changed(folder.candidate_files([pages]), store.file_stamp, read=counting))
    return reads


def touch_all(pages: Path) -> None:
    for path in pages.rglob("*.txt"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


if __name__ == "__main__":
    main()
