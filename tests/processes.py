"""``monitor`` as a real process, and waiting for a line of its standard error."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading


def monitor(*argv: str, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "monitor", *argv]
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True, **popen)


def monitor_group(*argv: str, **popen) -> subprocess.Popen:
    """``monitor`` in a process group of its own, with whatever it starts (parser and
    analysis workers): ``kill_group`` ends them all, as when a host dies."""
    return monitor(*argv, start_new_session=True, **popen)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the process and every process of its group, if it runs; waits for it."""
    if process.poll() is None:  # else its id may be another's by now
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def wait_for_line(process: subprocess.Popen, wanted: str, seconds: float = 30) -> list[str]:
    """Lines of the process's stderr up to the first containing ``wanted``.

    A thread reads the lines (select() on a buffered pipe can miss lines already buffered).
    """
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_read_until, args=(process, wanted, lines), daemon=True)
    reader.start()
    reader.join(timeout=seconds)
    seen = list(lines.queue)
    assert seen and wanted in seen[-1], f"no line with {wanted!r} in {seen}"
    return seen


def _read_until(process: subprocess.Popen, wanted: str, lines: queue.Queue) -> None:
    for line in process.stderr:
        lines.put(line)
        if wanted in line:
            return


def terminate(process: subprocess.Popen) -> int:
    """SIGTERM, then its exit code once it has said "monitor stopped"."""
    process.send_signal(signal.SIGTERM)
    wait_for_line(process, "monitor stopped")
    return process.wait(timeout=60)


def stop_and_reap(process: subprocess.Popen) -> None:
    """Kill it if it still runs, wait for it, close its pipe: nothing is left behind."""
    process.kill()
    process.wait()
    if process.stderr is not None:
        process.stderr.close()
