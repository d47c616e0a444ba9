"""Scan the seeds folders and read files safely [io].

Unchanged files (same size and mtime, else same content hash) are not read again; every file
that cannot be used gives one log line and the scan goes on: a binary, empty, huge or
unreadable file, a file still being written, a link that points outside its folder or nowhere,
anything that is not a regular file (a FIFO, a device, a socket). A file too big to be a page is
said once, and again only when it changes; many files failing for one cause are one line.
Symlinked folders are not followed, so a link loop cannot trap the scan. Paths are looked up in
the store by their ``storable`` form, so a name that is not UTF-8 is read like any other.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import stat as filemode
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from monitor.causes import Causes, cause_of
from monitor.names import storable
from monitor.store.sqlite import FileStamp

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
PARTIAL_SUFFIXES = frozenset({".part", ".partial", ".crdownload", ".download", ".tmp"})
MAX_BYTES = 20 * 1024 * 1024  # a saved page is far smaller; a bigger file is not one
TOO_BIG = "too-big"  # the sha256 remembered of a file too big to read: not read, not hashed

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
        return _regular(path)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        log.warning("%s: broken or looping link; skipped", path)
        return False
    if not target.is_relative_to(root):
        log.warning("%s: link points outside the seeds folder (%s); skipped", path, target)
        return False
    return _regular(path)


_KINDS = (
    (filemode.S_ISFIFO, "a FIFO"),
    (filemode.S_ISSOCK, "a socket"),
    (filemode.S_ISCHR, "a character device"),
    (filemode.S_ISBLK, "a block device"),
    (filemode.S_ISDIR, "a folder"),
)


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file; one log line when it is something else."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        log.warning("%s: cannot read (%s); skipped", path, exc.strerror or exc)
        return False
    if filemode.S_ISREG(mode):
        return True
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    log.warning("%s: %s, not a file; skipped", path, kind)
    return False


def read_changed(
    paths: Iterable[Path],
    known: Callable[[str], FileStamp | None],
    read: Reader = Path.read_bytes,
    remember: Callable[[Path, FileStamp], None] = lambda path, stamp: None,
) -> Iterator[SavedPage]:
    """Decoded pages for the files that are new or changed since ``known`` last saw them
    (``known`` is asked by the path's ``storable`` form).
    ``remember`` hears of a file read but not yielded, whose stamp should be kept so that it is
    not read (nor warned about) again until it changes: its stat changed but its bytes did not,
    it is empty or binary, or too big to read. Files that cannot be read are told at the end,
    one line per cause."""
    failed = Causes("cannot read", "skipped")
    try:
        for path in paths:
            page = _read_one(path, known(storable(path)), read, remember, failed)
            if page is not None:
                yield page
    finally:
        failed.report(log)


def _read_one(
    path: Path,
    previous: FileStamp | None,
    read: Reader,
    remember: Callable[[Path, FileStamp], None],
    failed: Causes,
) -> SavedPage | None:
    try:
        stat = path.stat()
        if previous and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            return None
        if stat.st_size > MAX_BYTES:
            log.warning("%s: %d bytes is too big for a saved page; skipped", path, stat.st_size)
            remember(path, FileStamp(stat.st_size, stat.st_mtime_ns, TOO_BIG))
            return None
        data = _read_settled(path, stat, read)
    except OSError as exc:
        failed.add(path, cause_of(exc))
        return None
    if data is None:
        return None
    stamp = FileStamp(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
    text = None if previous and previous.sha256 == stamp.sha256 else decode(path, data)
    if text is None:
        remember(path, stamp)
        return None
    return SavedPage(path, stamp, text, path.suffix.lower() in {".html", ".htm"})


def _read_settled(path: Path, before: os.stat_result, read: Reader) -> bytes | None:
    """The file's bytes, or None (with a log line) if it changed while read."""
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
