"""Starting the parsing sandbox's workers in advance: they are the ones that serve the calls."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from monitor.sources.sandbox import Sandbox


def _started_pids(box: Sandbox) -> set[int]:
    workers = [box.idle.get_nowait() for _ in range(box.size)]
    for worker in workers:
        box.idle.put(worker)
    return {w.process.pid for w in workers if w is not None and w.process.is_alive()}


def test_started_workers_serve_the_first_calls():
    with Sandbox(size=2).start() as box:
        if box._starting is not None:  # from the fork server, in the background
            box._starting.join(timeout=30)
        started = _started_pids(box)
        assert len(started) == 2  # both running before any call
        with ThreadPoolExecutor(max_workers=2) as pool:
            pids = set(pool.map(lambda _: box.run(os.getpid), range(6)))
        assert pids <= started and os.getpid() not in pids


def test_calls_made_while_the_workers_start_all_succeed_and_close_stops_them():
    box = Sandbox(size=2).start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        lengths = list(pool.map(lambda n: box.run(len, b"x" * n), range(8)))
    assert lengths == list(range(8))
    pids = _started_pids(box)
    assert pids
    box.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # stopped and reaped
