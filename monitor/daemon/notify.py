"""systemd's notify protocol, without a library [io: a unix datagram socket, the environment].

``$NOTIFY_SOCKET`` names the socket (a path, or ``@name`` in the abstract namespace);
``$WATCHDOG_USEC`` (for this process, if ``$WATCHDOG_PID`` names one) asks for ``WATCHDOG=1`` at
least that often (sd_notify(3)). ``monitor run`` says ``READY=1`` once started, then every half
watchdog period ``WATCHDOG=1`` *only while the health check holds* (so systemd restarts a daemon
that has stopped ingesting) and a ``STATUS=`` line with the last ingest; ``STOPPING=1`` at the end.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from monitor.ops.health import Health

log = logging.getLogger(__name__)

#: Seconds between STATUS= lines when systemd asks for no watchdog.
STATUS_EVERY = 30.0


@dataclass(frozen=True)
class Notifier:
    address: str | None  # None: not started by systemd (or not Type=notify): say nothing
    watchdog: float | None = None  # seconds systemd waits for WATCHDOG=1

    @classmethod
    def from_environment(cls, env: Mapping[str, str], pid: int) -> Notifier:
        path = env.get("NOTIFY_SOCKET") or None
        if path is not None and path.startswith("@"):
            path = "\0" + path[1:]  # the abstract namespace
        usec, for_pid = env.get("WATCHDOG_USEC", ""), env.get("WATCHDOG_PID", "")
        mine = not for_pid or for_pid == str(pid)
        watchdog = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 and mine else None
        return cls(path, watchdog)

    def send(self, *assignments: str) -> None:
        """One datagram of ``NAME=value`` lines; a failure is logged, never raised."""
        if self.address is None:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto("\n".join(assignments).encode(), self.address)
        except OSError as exc:
            log.warning("cannot notify systemd at %r: %s", self.address, exc.strerror or exc)


class Watchdog:
    """A thread that tells systemd how the daemon is, from ``start()`` until ``stop()``."""

    def __init__(self, notifier: Notifier, check: Callable[[], Health]) -> None:
        self.notifier = notifier
        self.check = check
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)

    def start(self) -> None:
        if self.notifier.address is not None:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def tick(self) -> None:
        try:
            verdict = self.check()
        except Exception as exc:  # a failing check is a failed check, never a dead thread
            verdict = Health(False, f"the health check failed: {exc!r}")
        status = f"STATUS={verdict.reason}"
        if verdict.ok and self.notifier.watchdog is not None:
            self.notifier.send("WATCHDOG=1", status)
        else:
            self.notifier.send(status)

    def _run(self) -> None:
        every = self.notifier.watchdog / 2 if self.notifier.watchdog else STATUS_EVERY
        self.tick()
        while not self._stop.wait(every):
            self.tick()


def from_environment() -> Notifier:
    return Notifier.from_environment(os.environ, os.getpid())
