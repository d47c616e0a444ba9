"""Scan the seeds folders and read files safely [io].

Unchanged files (same size and mtime, else same content hash) are not read again; every file
that cannot be used gives one log line and the scan goes on: a binary, empty, huge or
unreadable file, a file still being written, a link that points outside its folder or nowhere.
Symlinked folders are not followed, so a link loop cannot trap the scan.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from monitor.records import FileStamp

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
PARTIAL_SUFFIXES = frozenset({".part", ".partial", ".crdownload", ".download", ".tmp"})
MAX_BYTES = 20 * 1024 * 1024  # a saved page is far smaller; a bigger file is not one

Reader = Callable[[Path], bytes]


@dataclass(frozen=True)
class SavedPage:
    """A file of the seeds folder that is new or changed, decoded."""

    path: Path
    stamp: FileStamp
    text: str
    is_html: bool


def candidate_files(folders: Iterable[Path]) -> Iterator[Path]:
    """Every file with a known suffix under the folders, in a stable order; a folder named
    twice (the config's and ``--seeds``) is scanned once."""
    scanned: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            log.info("seeds folder %s does not exist; nothing to read there", folder)
            continue
        if folder.resolve() in scanned:
            continue
        scanned.add(folder.resolve())
        yield from _walk(folder)


def _walk(folder: Path) -> Iterator[Path]:
    root = folder.resolve()

    def unreadable(exc: OSError) -> None:
        log.warning("%s: cannot list folder (%s); skipped", exc.filename, exc.strerror or exc)

    for here, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, editor state
        for name in list(dirs):
            if (Path(here) / name).is_symlink():
                log.info("%s: symlinked folder not followed", Path(here) / name)
                dirs.remove(name)
        for name in sorted(files):
            path = Path(here) / name
            if path.suffix.lower() in PARTIAL_SUFFIXES:
                log.info("%s: a download or save still in progress; skipped", path)
            elif (
                path.suffix.lower() in SUFFIXES and not name.startswith(".") and _usable(path, root)
            ):
                yield path


def _usable(path: Path, root: Path) -> bool:
    """A regular file, or a link to one inside the folder; one log line otherwise."""
    if not path.is_symlink():
        return path.is_file()
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        log.warning("%s: broken or looping link; skipped", path)
        return False
    if not target.is_relative_to(root):
        log.warning("%s: link points outside the seeds folder (%s); skipped", path, target)
        return False
    return target.is_file()


def read_changed(
    paths: Iterable[Path],
    known: Callable[[str], FileStamp | None],
    read: Reader = Path.read_bytes,
    remember: Callable[[Path, FileStamp], None] = lambda path, stamp: None,
) -> Iterator[SavedPage]:
    """Decoded pages for the files that are new or changed since ``known`` last saw them.
    ``remember`` hears of a file read but not yielded, whose stamp should be kept so that it is
    not read (nor warned about) again until it changes: its stat changed but its bytes did not,
    or it is empty or binary."""
    for path in paths:
        previous = known(str(path))
        try:
            stat = path.stat()
            if previous and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue
            data = _read_settled(path, stat, read)
        except OSError as exc:
            log.warning("%s: cannot read (%s); skipped", path, exc.strerror or exc)
            continue
        if data is None:
            continue
        stamp = FileStamp(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
        if previous and previous.sha256 == stamp.sha256:
            remember(path, stamp)
            continue
        text = decode(path, data)
        if text is None:
            remember(path, stamp)
            continue
        yield SavedPage(path, stamp, text, path.suffix.lower() in {".html", ".htm"})


def _read_settled(path: Path, before: os.stat_result, read: Reader) -> bytes | None:
    """The file's bytes, or None (with a log line) if it is huge or changed while read."""
    if before.st_size > MAX_BYTES:
        log.warning("%s: %d bytes is too big for a saved page; skipped", path, before.st_size)
        return None
    data = read(path)
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(
        data
    ) != after.st_size:
        log.warning("%s: changed while being read (still being written?); retried next run", path)
        return None
    return data


def decode(path: Path, data: bytes) -> str | None:
    """The text of a file, or None (with a log line) when it is not text."""
    if not data.strip():
        log.warning("%s: empty file; skipped", path)
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        log.warning("%s: binary file (NUL bytes); skipped", path)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s: not UTF-8; read as Windows-1252", path)
        return data.decode("cp1252", errors="replace")
