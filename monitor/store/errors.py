"""What goes wrong with a store, whichever database is behind it: each is a ``StateError``
(exit 6) or, for a busy database, a ``LockedError`` (exit 5), with one line saying what to do."""

from __future__ import annotations

from monitor.errors import LockedError, StateError


class StoreError(StateError):
    """The database failed; what was being written in the unit of work is not stored."""

    fatal = False  # True: nothing more can be done with this store in this run
    retried = False  # True: ``Storage.run`` runs the unit of work again


class StoreConflict(StoreError):
    """Another process wrote the same thing at the same moment (the same article's key, a
    deadlock): nothing of the unit of work is stored, and running it again will see the other's
    write (``Storage.run``)."""

    retried = True


class StoreUnreachable(StoreError):
    """The connection to the database server was lost (a restart, a fail-over): nothing of the
    unit of work is stored; the next one connects again first (``Storage.run`` runs it again)."""

    retried = True


class DamagedStore(StoreError):
    """The database file is damaged: nothing more is written into it."""

    fatal = True


class ReadOnlyStore(StoreError):
    """The database file cannot be written."""

    fatal = True


class StoreFull(StoreError):
    """The disk holding the database is full: every later write would fail the same way."""

    fatal = True


class StoreBusy(LockedError):
    """Another process held the database for longer than the store waits."""
