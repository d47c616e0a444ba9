"""Publish a digest into the outbox, then deliver what is due [io].

``render_bodies`` renders a digest; ``record`` stores it, its membership, its bodies and one
pending delivery per target in one transaction; nothing is sent before that commit. ``send_due``
then tries every due delivery: a temporary failure (SMTP 4xx, refused connection, a full disk)
is retried on a later tick with exponential backoff, a permanent one (SMTP 5xx) is recorded and
reported.
The state changes only after the side effect, so a crash can repeat a send, never lose one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from monitor.config.load import Config
from monitor.config.subscribers import Subscriber
from monitor.delivery import archive, mail, outbox
from monitor.delivery.mail import DeliveryError
from monitor.delivery.outbox import Bodies, Delivery, StoredDigest, Target
from monitor.digest.render import Renderer
from monitor.digest.select import Digest
from monitor.store.interface import Storage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=2)


class Sender(Protocol):
    def send(self, message: EmailMessage, recipient: str) -> None: ...


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"Deliveries: {self.sent} sent, {self.retrying} to retry, {self.failed} failed."


def targets(config: Config, article_count: int) -> tuple[Target, ...]:
    """Where a digest goes: the output folder, and each recipient unless the digest is empty."""
    found: list[Target] = []
    if config.output.dir is not None:
        found.append(Target("file", str(config.output.dir)))
    if config.email.host and (article_count or config.digest.send_empty):
        found += [Target("email", address) for address in config.email.recipients]
    return tuple(found)


def render_bodies(
    config: Config, digest: Digest, renderer: Renderer, reader: Subscriber | None = None
) -> Bodies:
    """The digest in every format (``renderer``: compiled once per process), with the mail's
    subject line; for a ``reader``, in their time zone, without Markdown, and without HTML
    unless their formats have it."""
    zone = reader.timezone if reader else config.digest.timezone
    created = digest.created.astimezone(ZoneInfo(zone))
    html = reader is None or "html" in reader.formats
    return Bodies(
        subject=mail.subject(created, digest.counts(), config.regions.labels),
        article_count=digest.count,
        html=renderer.render(digest, "html") if html else "",
        markdown=renderer.render(digest, "markdown") if reader is None else "",
        text=renderer.render(digest, "text"),
    )


def reader_bodies(
    store: Storage, config: Config, digest: Digest, renderer: Renderer
) -> list[tuple[str, Bodies]]:
    """Each ``[[subscribers]]`` reader's own digest cut from ``digest``, rendered (none without
    ``[email] host``, nor for a reader with their own schedule; an empty one only for a reader
    with ``send_empty``)."""
    from monitor.digest.assemble import for_reader

    found = []
    for reader in config.subscribers if config.email.host else ():
        if reader.schedule:  # their own slots (``delivery.readers``)
            continue
        own = for_reader(store, config, digest, reader)
        if worth_sending(own, reader):
            found.append((reader.to, render_bodies(config, own, renderer, reader)))
    return found


def worth_sending(own: Digest, reader: Subscriber) -> bool:
    """A reader's digest is mailed when it lists an article, an edit or a watch hit, or when
    they asked for empty ones too."""
    hits = any(section.entries for section in own.watchlist)
    return bool(own.count or own.updated or hits or reader.send_empty)


def record(  # fmt: skip
    store: Storage, config: Config, digest: Digest, bodies: Bodies, end: datetime, now: datetime,
    readers: Sequence[tuple[str, Bodies]] = (),
) -> int | None:
    """Record ``digest`` ending at ``end`` with its bodies, each reader's (``reader_bodies``)
    and one pending delivery per target and reader, in one transaction. Returns its id, or
    None when a digest with that period end exists (a harmless double fire)."""
    digest_id = outbox.record(
        store,
        (digest.since, end),
        digest.article_ids(),
        bodies,
        targets(config, digest.count + len(digest.updated)),
        now,
        mail.sender_domain(config.email.sender),
        updated=[update.article.id for update in digest.updated],
        readers=readers,
    )
    if digest_id is not None:
        log.info("Digest %d: %d article(s), recorded for delivery", digest_id, digest.count)
    return digest_id


def send_due(
    store: Storage,
    config: Config,
    sender: Sender | None,
    now: datetime,
    only: Sequence[Delivery] | None = None,
) -> SendReport:
    """Try every delivery that is due (or ``only`` these), each claimed first so that no other
    process sends it too; returns what happened."""
    counts = {outbox.SENT: 0, outbox.PENDING: 0, outbox.FAILED: 0}
    for delivery in outbox.due(store, now) if only is None else only:
        # claimed for ``[store] lease``: if this process dies mid-send, another sends it then
        if not outbox.claim(store, delivery, now + timedelta(seconds=config.store_lease)):
            continue  # another process is sending it
        try:
            _attempt(store, config, sender, delivery)
        except DeliveryError as exc:
            counts[_record_failure(store, delivery, exc, now)] += 1
        except Exception as exc:  # a bug must not stop the other deliveries: retried, logged
            log.exception("Unexpected error delivering digest %d", delivery.digest_id)
            unexpected = DeliveryError(f"unexpected error: {exc!r}", temporary=True)
            counts[_record_failure(store, delivery, unexpected, now)] += 1
        else:
            outbox.mark_sent(store, delivery, now)
            counts[outbox.SENT] += 1
    return SendReport(counts[outbox.SENT], counts[outbox.PENDING], counts[outbox.FAILED])


def _attempt(store: Storage, config: Config, sender: Sender | None, delivery: Delivery) -> None:
    if delivery.channel in (outbox.ALERT, outbox.READER, outbox.OWN):
        if sender is None:
            raise DeliveryError("e-mail is not configured ([email] host)", temporary=False)
        if delivery.channel == outbox.ALERT:
            own = store.stored_alert(delivery.digest_id)
        elif delivery.channel == outbox.OWN:
            own = store.reader_slot(delivery.digest_id)
        else:
            own = store.reader_digest(delivery.digest_id, delivery.target)
        sender.send(mail.build_message(own, config.email.sender, delivery.target), delivery.target)
        return
    digest = outbox.stored_digest(store, delivery.digest_id)
    if delivery.channel == "file":
        out = config.output
        tz = ZoneInfo(config.digest.timezone)
        try:
            archive.publish(
                Path(delivery.target),
                digest,
                outbox.digest_headers(store),
                partial(outbox.stored_digest, store),
                out.formats,
                tz,
                out.base_url,
            )
        except OSError as exc:
            raise DeliveryError(f"cannot write to {delivery.target}: {exc}", True) from exc
    elif sender is None:
        raise DeliveryError("e-mail is not configured ([email] host)", temporary=False)
    else:
        online = view_online(config, digest)
        message = mail.build_message(digest, config.email.sender, delivery.target, online)
        sender.send(message, delivery.target)


def view_online(config: Config, digest: StoredDigest) -> str | None:
    """The digest's page in the archive, when ``[output] base_url`` says where it is served."""
    out = config.output
    if not (out.base_url and out.dir is not None and "html" in out.formats):
        return None
    tz = ZoneInfo(config.digest.timezone)
    return out.base_url + archive.file_names(digest, ("html",), tz)[0]


def _record_failure(store: Storage, delivery: Delivery, exc: DeliveryError, now: datetime) -> str:
    where = f"digest {delivery.digest_id} to {delivery.channel} {delivery.target}"
    if exc.temporary and delivery.attempts + 1 < MAX_ATTEMPTS:
        retry_at = now + backoff(delivery.attempts + 1)
        outbox.mark_retry(store, delivery, str(exc), retry_at)
        log.warning("Delivery of %s failed (%s); retry at %s", where, exc, f"{retry_at:%H:%M}")
        return outbox.PENDING
    outbox.mark_failed(store, delivery, str(exc), now)
    log.error("Delivery of %s failed for good: %s", where, exc)
    return outbox.FAILED


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 1, 2, 4, ... minutes, at most two hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)
