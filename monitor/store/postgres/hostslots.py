"""Politeness across the cluster [io]: at most ``per_host`` requests at once to one host from
all the monitor processes sharing a PostgreSQL database (``[fetch] per_host``).

A request holds one of its host's ``per_host`` slots: a session advisory lock
(``pg_try_advisory_lock(host key, slot)``) on a connection of the process's own, kept for its
life. The slot is given back when the request ends, and by the server when the process dies
(its session ends with it): a killed worker's slots are free at once, with no lease to wait
for. When every slot is held elsewhere, the request waits and tries again. Within one process
the slots it holds are tracked too (a session may take its own advisory lock twice).

While the database cannot be reached, the request goes ahead without a slot: each process
keeps the limit for its own requests (its polling lanes), the outage is logged once by the
store's connection, and fetching goes on. Locks held when the server restarted are gone: the
requests in flight then finish unlocked, so for a moment a host may get up to twice as many.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

log = logging.getLogger(__name__)

#: Seconds between tries for a slot held elsewhere (with jitter, up to twice as long).
RETRY_WAIT = 0.05
CONNECT_TIMEOUT = 2  # seconds: a server that is down is not waited for by the fetches


def host_key(host: str) -> int:
    """A signed 32-bit advisory lock key for a host (the slot is the second key)."""
    digest = hashlib.blake2b(f"host\0{host.lower()}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


class HostSlots:
    """The host slots of one process, on a connection of their own (opened when first used)."""

    def __init__(self, dsn: str, patience: float = 120.0) -> None:
        self.dsn = dsn
        self.patience = patience  # seconds a request waits for a slot before going ahead
        self.db: psycopg.Connection | None = None
        self.session = 0  # which connection: a slot is held by the session that took it
        self.mutex = threading.Lock()  # one statement at a time on the connection
        self.held: dict[tuple[int, int], int] = {}  # (host key, slot) -> session holding it

    @contextmanager
    def hold(self, host: str, per_host: int) -> Iterator[int | None]:
        """One of ``host``'s slots while the block runs; its number, or None when the
        database could not be asked (the request goes ahead without one)."""
        key = host_key(host)
        taken = self._take(key, per_host)
        try:
            yield None if taken is None else taken[0]
        finally:
            if taken is not None:
                self._give_back(key, *taken)

    def _take(self, key: int, per_host: int) -> tuple[int, int] | None:
        """(slot, session), or None: the database did not answer, or no slot came in time."""
        deadline = time.monotonic() + self.patience
        while True:
            with self.mutex:
                try:
                    slot = self._ask(key, per_host)
                except psycopg.Error:
                    self._drop()
                    return None
                if slot is not None:
                    return slot, self.session
            if time.monotonic() > deadline:
                log.warning("no free request slot for a host after %.0f s; fetching without one",
                            self.patience)  # fmt: skip
                return None
            time.sleep(random.uniform(RETRY_WAIT, 2 * RETRY_WAIT))

    def _ask(self, key: int, per_host: int) -> int | None:
        """A free slot taken, or None if every one is held."""
        try:
            return self._try_each(key, per_host)
        except psycopg.Error:  # a connection the server closed while idle fails once
            self._drop()
        return self._try_each(key, per_host)

    def _try_each(self, key: int, per_host: int) -> int | None:
        db = self._connection()
        for slot in range(per_host):
            if (key, slot) in self.held:
                continue
            row = db.execute("SELECT pg_try_advisory_lock(%s, %s)", (key, slot)).fetchone()
            if row and row[0]:
                self.held[(key, slot)] = self.session
                return slot
        return None

    def _give_back(self, key: int, slot: int, session: int) -> None:
        with self.mutex:
            if self.held.get((key, slot)) != session or session != self.session:
                return  # taken on a connection lost since: the server let it go with it
            del self.held[(key, slot)]
            try:
                assert self.db is not None
                self.db.execute("SELECT pg_advisory_unlock(%s, %s)", (key, slot))
            except psycopg.Error:
                self._drop()

    def _connection(self) -> psycopg.Connection:
        if self.db is None or self.db.closed or self.db.broken:
            self._drop()
            self.db = psycopg.connect(self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
            self.session += 1
        return self.db

    def _drop(self) -> None:
        """Forget the connection and the slots it held (the server frees them with it)."""
        self.held.clear()
        if self.db is not None:
            self.db.close()
            self.db = None

    def close(self) -> None:
        with self.mutex:
            self._drop()
