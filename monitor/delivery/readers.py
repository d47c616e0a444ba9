"""Each reader's digest at the slots of their own schedule [io] (``[[subscribers]]`` with a
``schedule`` whose slots are not the ``[digest] schedule``'s).

Such a reader is not cut from the main digest: at each of their slots they get the articles
that none of their digests reached yet, of the main digests made since they joined and of those
in none yet, in their regions (``digest.assemble.for_own_slot``). A reader seen for the first
time joins then, and starts from their next slot. Under the digest lock, a due reader's digest
is made, rendered and recorded with the articles it reached and its delivery in one unit of
work; the store refuses a second digest of one slot and an article reaching a reader twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import make_msgid

from monitor.config.load import Config
from monitor.config.subscribers import Subscriber
from monitor.delivery import mail
from monitor.delivery.dispatch import render_bodies, worth_sending
from monitor.digest.assemble import for_own_slot, reader_key
from monitor.digest.render import Renderer
from monitor.digest.schedule import Schedule, due_slot, parse_schedule, parse_timezone
from monitor.records import ReaderMark
from monitor.store.interface import Storage

log = logging.getLogger(__name__)


def own_readers(config: Config) -> tuple[Subscriber, ...]:
    """The readers with their own schedule (none without ``[email] host``)."""
    return tuple(r for r in config.subscribers if r.schedule) if config.email.host else ()


def schedules(config: Config) -> list[Schedule]:
    """``[digest] schedule`` in ``[digest] timezone``, then each reader's own schedule."""
    digest = config.digest
    main = parse_schedule(digest.schedule, parse_timezone(digest.timezone))
    return [main, *(own_schedule(reader) for reader in own_readers(config))]


def own_schedule(reader: Subscriber) -> Schedule:
    assert reader.schedule is not None
    return parse_schedule(reader.schedule, parse_timezone(reader.timezone))


def due(store: Storage, config: Config, now: datetime) -> list[Subscriber]:
    """The readers whose own slot is due ``now`` (catch-up included: only their latest missed
    slot; a reader who has not joined yet has none)."""
    return [reader for reader in own_readers(config) if _slot(store, reader, now) is not None]


def make_due(store: Storage, config: Config, renderer: Renderer, now: datetime) -> list[int]:
    """Each due reader's digest, recorded with its delivery; their ids. A reader seen for the
    first time joins instead (after the main digest this run made, if any). Under the digest
    lock, so that two processes make one digest per reader and slot, and share no article."""
    made: list[int] = []
    if not own_readers(config):
        return made
    with store.digest_lock():
        _join(store, own_readers(config), now)
        for reader in own_readers(config):
            found = _slot(store, reader, now)
            if found is not None:
                slot_id = _record(store, config, renderer, reader, *found, now)
                made += [slot_id] if slot_id is not None else []
    return made


def _join(store: Storage, readers: tuple[Subscriber, ...], now: datetime) -> None:
    """Readers seen for the first time join at ``now`` (the others stay as they are)."""
    if not readers:
        return
    with store.transaction() as tx:
        for reader in readers:
            tx.join_reader(reader_key(reader), now)


def _slot(store: Storage, reader: Subscriber, now: datetime) -> tuple[ReaderMark, datetime] | None:
    mark = store.reader_mark(reader_key(reader))
    slot = due_slot(own_schedule(reader), mark.last_end, now) if mark else None
    return (mark, slot) if mark is not None and slot is not None else None


def _record(  # fmt: skip
    store: Storage, config: Config, renderer: Renderer, reader: Subscriber, mark: ReaderMark,
    slot: datetime, now: datetime,
) -> int | None:
    edits, last_update = store.reader_edits(reader_key(reader), mark.last_update)
    own = for_own_slot(store, config, reader, mark, now, edits)
    bodies = render_bodies(config, own, renderer, reader)
    reached = {*own.article_ids(), *(e.article.id for s in own.watchlist for e in s.entries)}
    domain = mail.sender_domain(config.email.sender)
    message_id = make_msgid(idstring=f"reader-{slot:%Y%m%d%H%M}", domain=domain)
    to = reader.to if worth_sending(own, reader) else None
    with store.transaction() as tx:
        slot_id = tx.add_reader_slot(
            reader_key(reader), (mark.last_end, slot), sorted(reached), bodies, message_id, to, now,
            last_update,
        )
    if slot_id is not None:
        said = "recorded for delivery" if to else "not sent (nothing new)"
        log.info("Digest for %s at %s: %d article(s), %s", reader.to, f"{slot:%Y-%m-%d %H:%M}",
                 own.count, said)  # fmt: skip
    return slot_id
