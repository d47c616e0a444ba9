"""systemd notify: ``monitor run`` says READY=1 and feeds the watchdog on a real unix datagram
socket given as NOTIFY_SOCKET, and stops feeding it (saying why) once the store is gone."""

from __future__ import annotations

import os
import signal
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from processes import monitor, stop_and_reap

from monitor.daemon.notify import Notifier, Watchdog
from monitor.ops.health import Health
from monitor.store.sqlite import DB_NAME


@contextmanager
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    """A bound unix datagram socket with a short path (sun_path holds 108 bytes)."""
    folder = tempfile.mkdtemp(prefix="notify-", dir="/tmp")
    path = os.path.join(folder, "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        sock.settimeout(60)
        try:
            yield sock, path
        finally:
            os.unlink(path)
            os.rmdir(folder)


def receive_until(sock: socket.socket, wanted: str, seen: list[str]) -> str:
    """Datagrams until one holding ``wanted`` (each kept in ``seen``); that one."""
    while True:
        message = sock.recv(4096).decode()
        seen.append(message)
        if wanted in message:
            return message


def test_run_is_ready_feeds_the_watchdog_while_healthy_and_stops_when_not(tmp_path, own_pages):
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n[summary]\nworkers = 1\n",
        encoding="utf-8",
    )
    state = tmp_path / "state"
    with notify_socket() as (sock, path):
        env = os.environ | {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"}
        daemon = monitor("-q", "run", "--config", str(config), "--state-dir", str(state), env=env)
        seen: list[str] = []
        try:
            receive_until(sock, "READY=1", seen)
            fed = receive_until(sock, "STATUS=ok: last ingest", seen)
            assert "WATCHDOG=1" in fed
            for suffix in ("", "-wal", "-shm"):  # the store is gone
                (state / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
            starved = receive_until(sock, "the store does not answer", seen)
            assert "WATCHDOG=1" not in starved
            daemon.send_signal(signal.SIGTERM)
            receive_until(sock, "STOPPING=1", seen)
        finally:
            stop_and_reap(daemon)


def test_the_environment_names_the_socket_and_the_watchdog():
    pid = 4242
    env = {"NOTIFY_SOCKET": "@monitor", "WATCHDOG_USEC": "5000000", "WATCHDOG_PID": str(pid)}
    assert Notifier.from_environment(env, pid) == Notifier("\0monitor", 5.0)
    assert Notifier.from_environment(env, pid + 1).watchdog is None  # another process's
    assert Notifier.from_environment({}, pid) == Notifier(None, None)


def test_a_failing_check_starves_the_watchdog_and_says_why():
    with notify_socket() as (sock, path):
        broken = Watchdog(Notifier(path, 1.0), lambda: Health(False, "store gone"))
        broken.tick()
        assert sock.recv(4096) == b"STATUS=store gone"
        Watchdog(Notifier(path, 1.0), lambda: Health(True, "ok: fine")).tick()
        assert sock.recv(4096) == b"WATCHDOG=1\nSTATUS=ok: fine"


def test_nothing_is_sent_outside_systemd():
    Notifier(None, None).send("READY=1")  # no socket: nothing to do, nothing raised
    assert Path("/tmp").is_dir()
