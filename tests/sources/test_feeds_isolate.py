"""The parsing sandbox: results come back, overruns are stopped, the worker is replaced."""

from __future__ import annotations

import time

import pytest

from monitor.sources.sandbox import Sandbox, SandboxError


def test_results_errors_timeouts_and_memory_limits():
    with Sandbox(size=1, time_limit=0.5, memory_limit=1024 * 2**20) as box:
        assert box.run(len, b"abc") == 3
        with pytest.raises(ValueError, match="invalid literal"):
            box.run(int, "not a number")
        started = time.monotonic()
        with pytest.raises(SandboxError, match="longer than"):
            box.run(time.sleep, 30)
        assert time.monotonic() - started < 5
        assert box.run(len, b"ab") == 2  # a fresh worker took the stopped one's place
        with pytest.raises(ValueError, match="memory"):
            box.run(bytearray, 4 * 2**30)
        assert box.run(len, b"a") == 1
