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
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpora  # noqa: E402 (beside this script)

from monitor.config import Config, SeedsConfig  # noqa: E402
from monitor.pipeline import Analyser, ingest  # noqa: E402
from monitor.store import Store  # noqa: E402

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
SUBFOLDERS = 20


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
        folder = Path(tmp) / "pages"
        write_pages(folder, args.files)
        config = Config(feeds=(), seeds=SeedsConfig(paths=(folder,)))
        analyser = Analyser(config)
        store = Store.open(Path(tmp) / "state")
        started = time.perf_counter()
        first = ingest(store, config, analyser, lambda: NOW)
        first_s = time.perf_counter() - started
        print(f"first ingest: {first_s:.1f} s, {first.line()}")
        scans, reads = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            again = ingest(store, config, analyser, lambda: NOW)
            scans.append(time.perf_counter() - started)
            reads.append(again.files_read)
        floor = statistics.median(stat_floor(folder) for _ in range(args.repeat))
        second = statistics.median(scans)
        print(f"second scan, nothing new: {second * 1000:.0f} ms for {args.files:,} files"
              f" ({second / args.files * 1e6:.1f} us/file), files read: {max(reads)}")
        print(f"floor (walk + one stat per file): {floor * 1000:.0f} ms;"
              f" second scan = {second / floor:.1f}x the floor")
        store.close()


if __name__ == "__main__":
    main()
