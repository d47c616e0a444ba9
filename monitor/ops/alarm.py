"""The alarm's shell [io: the store, SMTP]: read the conditions, mail what ``ops.alerts``
plans, and record each incident only after its mail went (a failed mail is tried again at the
next check)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from monitor.config.load import Config
from monitor.delivery.dispatch import Sender
from monitor.delivery.mail import DeliveryError, sender_domain
from monitor.digest.schedule import parse_schedule, parse_timezone
from monitor.ops.alerts import conditions, plan
from monitor.records import Incident
from monitor.store.interface import Storage

log = logging.getLogger(__name__)


def check(store: Storage, config: Config, sender: Sender, now: datetime) -> int:
    """One look: mails sent; the incidents are recorded as their mails go."""
    digest = config.digest
    schedule = parse_schedule(digest.schedule, parse_timezone(digest.timezone))
    deliveries = [*store.deliveries(), *store.reader_slot_deliveries()]  # readers' own too
    found = conditions(now, schedule, store.last_digest_end(), store.feeds(), deliveries)
    hours = timedelta(hours=config.alerts.feeds_down_hours)
    todo = plan(now, found, store.incidents(), hours)
    mailed = {
        incident.kind for what, incident in todo.mail if _mail(config, sender, what, incident, now)
    }
    with store.transaction() as tx:
        for incident in todo.save:  # a mail that failed: kept open, not notified, tried again
            sent = incident.kind in mailed
            tx.save_incident(incident if sent else replace(incident, notified=False))
        for kind in todo.drop:
            resolved = next((i for what, i in todo.mail if i.kind == kind), None)
            if resolved is None or kind in mailed:
                tx.drop_incident(kind)
    return len(mailed)


def _mail(config: Config, sender: Sender, what: str, incident: Incident, now: datetime) -> bool:
    """One message to every ``[alerts] to``; True when it reached them all."""
    message = EmailMessage()
    word = "ALERT" if what == "alert" else "resolved"
    message["Subject"] = f"monitor {word}: {incident.detail}"[:200]
    message["From"] = config.email.sender
    message["To"] = ", ".join(config.alerts.to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("alert", sender_domain(config.email.sender))
    since = f"{incident.since:%Y-%m-%d %H:%M %Z}"
    body = (
        f"{incident.detail}\n\nSince {since}."
        if what == "alert"
        else (f"Resolved at {now:%Y-%m-%d %H:%M %Z}: {incident.detail} (since {since}).")
    )
    message.set_content(body + "\n\nmonitor status says more; see docs/operations.md.\n")
    try:
        for recipient in config.alerts.to:
            sender.send(message, recipient)
    except DeliveryError as exc:
        log.error(
            "cannot mail the alarm (%s): %s; tried again at the next check", incident.kind, exc
        )
        return False
    log.warning("alarm mailed (%s): %s", word, incident.detail)
    return True
