"""The delivery commands: ``monitor run``, ``monitor deliveries``, ``monitor send`` and
``monitor digest --deliver``. cli.py registers them; this is the wiring for the daemon's parts.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from monitor.config.load import Config
from monitor.daemon.jobs import Jobs
from monitor.delivery import outbox
from monitor.delivery.dispatch import SendReport
from monitor.delivery.mail import SmtpSender, smtp_password
from monitor.digest.render import Renderer
from monitor.errors import ExitCode
from monitor.names import json_line, tsv
from monitor.store.lock import StateLock
from monitor.store.sqlite import Store

log = logging.getLogger("monitor")

LoadConfig = Callable[[argparse.Namespace], Config]
Command = Callable[..., argparse.ArgumentParser]
Ingest = Callable[[Store, Config], int]  # reads the sources; returns how many failed
ReadSources = Callable[[argparse.Namespace, Store, Config], int]


def add_commands(
    command: Command, digest: argparse.ArgumentParser, load: LoadConfig, read: ReadSources
) -> argparse.ArgumentParser:
    """Add ``--deliver`` and the delivery commands; returns ``run``'s parser for source options."""
    digest.add_argument(
        "--deliver",
        action="store_true",
        help="record the digest and deliver it to every configured channel ([output], [email])",
    )
    run = command(
        "run",
        "Run the daemon: ingest every N minutes, digest on schedule.",
        partial(cmd_run, load=load, read=read),
    )
    deliveries = command(
        "deliveries", "List deliveries (file, e-mail) with their status.", cmd_deliveries
    )
    deliveries.add_argument("--json", action="store_true", help="one JSON object per line")
    command("send", "Retry every pending delivery now.", partial(cmd_send, load=load, read=read))
    return run


def _now() -> datetime:
    return datetime.now(UTC)


def build_jobs(config: Config, store: Store, read_sources: Ingest) -> Jobs:
    """Wire the jobs once: the SMTP password comes from the environment, never the file."""
    sender = None
    if config.email.host:
        sender = SmtpSender(config.email, smtp_password(config.email, os.environ))
    renderer = Renderer(labels=config.regions.labels)
    return Jobs(store, config, read_sources, renderer, sender, _now)


def _exit_code(report: SendReport) -> ExitCode:
    return ExitCode.PARTIAL if report.retrying or report.failed else ExitCode.OK


def cmd_run(args: argparse.Namespace, load: LoadConfig, read: ReadSources) -> int:
    from monitor.daemon import (
        scheduler as daemon,  # APScheduler is imported only by the command that needs it
    )

    config = load(args)
    with StateLock.acquire(args.state_dir, _now()):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        daemon.run(build_jobs(config, Store.open(args.state_dir), partial(read, args)))
    return ExitCode.OK


def cmd_send(args: argparse.Namespace, load: LoadConfig, read: ReadSources) -> int:
    config = load(args)
    with StateLock.acquire(args.state_dir, _now()):
        store = Store.open(args.state_dir)
        waiting = outbox.retry_now(store, _now())
        report = build_jobs(config, store, partial(read, args)).deliver()
    print(f"{waiting} pending delivery(ies) tried. {report.line()}")
    return _exit_code(report)


def deliver_digest(args: argparse.Namespace, config: Config, fmt: str, ingest: Ingest) -> ExitCode:
    """``monitor digest --deliver``: under the lock, ingest, record a digest ending now, deliver
    it, write ``--out``."""
    with StateLock.acquire(args.state_dir, _now()):
        store = Store.open(args.state_dir)
        sources_failed = ingest(store, config)
        digest_id = build_jobs(config, store, ingest).digest_now()
    if digest_id is None:
        return ExitCode.PARTIAL if sources_failed else ExitCode.OK
    mine = [d for d in outbox.deliveries(store) if d.digest_id == digest_id]
    report = SendReport(*(sum(d.status == s for d in mine) for s in outbox.STATUSES))
    bodies = outbox.stored_digest(store, digest_id).bodies
    if args.out:
        text = {"html": bodies.html, "markdown": bodies.markdown, "text": bodies.text}
        args.out.write_text(text[fmt], encoding="utf-8")
    print(f"Digest {digest_id}: {bodies.subject}. {report.line()}")
    return ExitCode.PARTIAL if sources_failed else _exit_code(report)


def cmd_deliveries(args: argparse.Namespace) -> int:
    store = Store.open(args.state_dir)
    for delivery in outbox.deliveries(store):
        row = {
            "digest": delivery.digest_id,
            "channel": delivery.channel,
            "target": delivery.target,
            "status": delivery.status,
            "attempts": delivery.attempts,
            "last_error": delivery.last_error,
            "next_attempt": delivery.next_attempt.isoformat(),
            "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
        }
        if args.json:
            print(json_line(row))
        else:
            error = (delivery.last_error,) if delivery.last_error else ()
            print(
                tsv(
                    delivery.digest_id,
                    delivery.channel,
                    delivery.target,
                    delivery.status,
                    f"{delivery.attempts} attempt(s)",
                    *error,
                )
            )
    return ExitCode.OK
