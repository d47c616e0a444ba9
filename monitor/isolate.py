"""Run untrusted-input parsing in child processes with a time and a memory limit [io].

feedparser and trafilatura are pure Python/C parsers that some inputs keep busy for minutes or
drive past a gigabyte. A ``Sandbox`` keeps a few long-lived worker processes (forkserver, so no
fork of a threaded parent); a call that overruns its time is killed and its worker replaced, and
the address-space limit turns runaway allocation into a MemoryError in the child, not the host.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space per worker
TIME_LIMIT = 20.0  # seconds per call


class SandboxError(Exception):
    """The call overran its time or memory, or the worker died; the message is one log line."""


def _serve(conn: Connection, memory_limit: int) -> None:
    """The worker loop: receive (function, args), send ("ok", result) or ("error", message)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    while True:
        try:
            function, args = conn.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            reply = ("error", f"used more than {memory_limit // 2**20} MiB of memory")
        except Exception as exc:  # any parser failure is reported, the worker lives on
            reply = ("error", f"{type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", "the result was too large to return"))


class _Worker:
    def __init__(self, context: Any, memory_limit: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_limit), daemon=True)
        self.process.start()
        child.close()

    def call(self, function: Callable[..., Any], args: tuple[Any, ...], limit: float) -> Any:
        self.conn.send((function, args))
        if not self.conn.poll(limit):
            raise SandboxError(f"took longer than {limit:.0f} s; stopped")
        status, value = self.conn.recv()
        if status != "ok":
            raise ValueError(value)
        return value

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join()
        self.process.close()


class Sandbox:
    """A pool of ``size`` worker processes; ``run`` is safe to call from several threads."""

    def __init__(
        self,
        size: int = 2,
        time_limit: float = TIME_LIMIT,
        memory_limit: int = MEMORY_LIMIT,
    ) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["monitor.feeds"])
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(size):
            self.idle.put(None)  # started on first use

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker; ValueError if it raised, SandboxError if it overran."""
        worker = self.idle.get() or _Worker(self.context, self.memory_limit)
        try:
            result = worker.call(function, args, self.time_limit)
        except (SandboxError, EOFError, OSError) as exc:
            worker.stop()
            self.idle.put(None)
            if isinstance(exc, SandboxError):
                raise
            raise SandboxError(f"the parser process died ({type(exc).__name__})") from exc
        except BaseException:
            self.idle.put(worker)
            raise
        self.idle.put(worker)
        return result

    def close(self) -> None:
        while not self.idle.empty():
            worker = self.idle.get_nowait()
            if worker is not None:
                worker.stop()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
