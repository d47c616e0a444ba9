"""Scan the seeds folders and read files safely [io].

Unchanged files (same size and mtime, else same content hash) are not read again; every file
that cannot be used gives one log line and the scan goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from monitor.store import FileStamp

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})


@dataclass(frozen=True)
class SavedPage:
    """A file of the seeds folder that is new or changed, decoded."""

    path: Path
    stamp: FileStamp
    text: str
    is_html: bool


def candidate_files(folders: Iterable[Path]) -> Iterator[Path]:
    """Every file with a known suffix under the folders, in a stable order."""
    for folder in folders:
        if not folder.is_dir():
            log.info("seeds folder %s does not exist; nothing to read there", folder)
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                yield path


def read_changed(
    paths: Iterable[Path], known: Callable[[str], FileStamp | None]
) -> Iterator[SavedPage]:
    """Decoded pages for the files that are new or changed since ``known`` last saw them."""
    for path in paths:
        previous = known(str(path))
        try:
            stat = path.stat()
            if previous and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue
            data = path.read_bytes()
        except OSError as exc:
            log.warning("%s: cannot read (%s); skipped", path, exc.strerror or exc)
            continue
        stamp = FileStamp(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
        if previous and previous.sha256 == stamp.sha256:
            continue
        text = decode(path, data)
        if text is not None:
            yield SavedPage(path, stamp, text, path.suffix.lower() in {".html", ".htm"})


def decode(path: Path, data: bytes) -> str | None:
    """The text of a file, or None (with a log line) when it is not text."""
    if not data.strip():
        log.warning("%s: empty file; skipped", path)
        return None
    if b"\x00" in data[:4096]:
        log.warning("%s: binary file (NUL bytes); skipped", path)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s: not UTF-8; read as Windows-1252", path)
        return data.decode("cp1252", errors="replace")
