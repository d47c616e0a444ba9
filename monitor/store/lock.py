"""One monitor per state directory: an fcntl lock on ``monitor.lock`` in it [io].

The lock file says who holds it (pid and start time), so a second instance can name the first.
The operating system drops the lock when the holder exits, even after a crash or SIGKILL.
"""

from __future__ import annotations

import fcntl
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from monitor.errors import LockedError, StateError

LOCK_NAME = "monitor.lock"
_HOLDER = re.compile(r"pid (\d+), started (.+)")


@dataclass(frozen=True)
class Holder:
    """Who holds a state directory's lock, as its lock file says."""

    pid: int | None
    since: str | None  # as written: "2026-11-29 07:00:00 UTC"


def holder(state_dir: Path) -> Holder | None:
    """The holder of ``state_dir``'s lock, or None when nobody holds it. Read without taking
    it: a shared lock is tried for an instant (a monitor starting in that instant would be
    told another one runs, and exit 5)."""
    try:
        fd = os.open(state_dir / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        text = os.pread(fd, 200, 0).decode(errors="replace").strip()
        found = _HOLDER.match(text)
        return Holder(int(found[1]), found[2]) if found else Holder(None, None)
    finally:
        os.close(fd)  # and with it the shared lock, if taken
    return None


class StateLock:
    """Held from ``acquire`` until ``release`` (or the end of a ``with`` block)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def acquire(cls, state_dir: Path, now: datetime) -> StateLock:
        path = state_dir / LOCK_NAME
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StateError(f"cannot create the lock file {path}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"another monitor is running on {state_dir} ({holder})",
                "stop it first (e.g. systemctl stop monitor) or pass another --state-dir",
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {now:%Y-%m-%d %H:%M:%S %Z}\n".encode(), 0)
        except OSError as exc:  # a full disk, say: the lock is not taken
            os.close(fd)
            raise StateError(
                f"cannot write the lock file {path}: {exc.strerror or exc}",
                "free some space on its disk, or pass another --state-dir",
            ) from exc
        return cls(path, fd)

    def release(self) -> None:
        if self._fd >= 0:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = -1

    def __enter__(self) -> StateLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
