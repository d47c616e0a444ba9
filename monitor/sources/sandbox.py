"""Run untrusted-input parsing in child processes with a time and a memory limit [io].

feedparser and trafilatura are pure Python/C parsers that some inputs keep busy for minutes or
drive past a gigabyte. A ``Sandbox`` keeps a few long-lived worker processes (forked while the
process has one thread, else from a fork server: no fork of a threaded parent), which ``start``
can launch before the first call needs them; a call that overruns its time is killed and its
worker replaced, and the address-space limit turns runaway allocation into a MemoryError in
the child, not the host.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space per worker
TIME_LIMIT = 20.0  # seconds per call


#: Imported once by the fork server, so that no worker process imports them again.
PRELOAD = ["__main__", "monitor.sources.feeds.parse", "monitor.analysis.analyser"]


def start_method(threads: int) -> str:
    """How to start a worker process: a copy of this process ("fork": nothing to import again,
    ready in milliseconds) while it runs a single thread, as a command does at its start;
    otherwise from a clean fork server, since a fork of a threaded process (the daemon's
    scheduler, feed polling) can inherit a lock that another thread holds, and hang."""
    return "fork" if threads == 1 else "forkserver"


def worker_context() -> Any:
    """The multiprocessing context for a worker process started now. Before a fork, what this
    process holds is frozen for the garbage collector, as the ``gc`` docs advise: collections
    here and in the children no longer walk (and copy) the long-lived objects they share."""
    context = multiprocessing.get_context(start_method(threading.active_count()))
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    else:
        gc.freeze()
    return context


class SandboxError(Exception):
    """The call overran its time or memory, or the worker died; the message is one log line."""


def _serve(conn: Connection, memory_limit: int) -> None:
    """The worker loop: receive (function, args), send ("ok", result) or ("error", message).
    It ends when the main process closes its end or dies; signals are the main process's to act
    on (the daemon finishes its job on SIGTERM, which systemd sends to every process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    gc.freeze()  # what it was started with (a fork inherits it all) is never collected again
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
    def __init__(self, memory_limit: int) -> None:
        context = worker_context()
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
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.size = size
        self._starting: threading.Thread | None = None
        self.start_method: str | None = None  # how ``start`` launched the workers
        self.idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(size):
            self.idle.put(None)  # started on first use, or by ``start``

    def start(self) -> Sandbox:
        """Launch the workers now, so that the first calls do not wait for a process to start:
        forked at once while this process runs one thread, else from the fork server in a
        background thread while the caller goes on (a call made meanwhile that finds no
        started worker starts its own, as without ``start``)."""
        self.start_method = start_method(threading.active_count())
        if self.start_method == "fork":
            self._start_idle()
            return self
        self._starting = threading.Thread(target=self._start_idle, name="sandbox-start")
        self._starting.start()
        return self

    def _start_idle(self) -> None:
        drained: list[_Worker | None] = []
        for _ in range(self.size):
            try:
                drained.append(self.idle.get_nowait())
            except queue.Empty:
                break  # the others are in use, so they were started
        for worker in drained:
            if worker is not None:
                self.idle.put(worker)
        for _ in range(drained.count(None)):
            try:
                self.idle.put(_Worker(self.memory_limit))
            except Exception as exc:  # the call that needs it tries again and reports it
                log.warning("cannot start a parser process in advance (%s)", exc)
                self.idle.put(None)

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker; ValueError if it raised, SandboxError if it overran."""
        worker = self.idle.get() or _Worker(self.memory_limit)
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
        if self._starting is not None:
            self._starting.join()
        while not self.idle.empty():
            worker = self.idle.get_nowait()
            if worker is not None:
                worker.stop()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
