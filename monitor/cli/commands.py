"""The store's commands: ``ingest``, ``digest``, ``feeds``, ``articles``, ``run``, ``send`` and
``deliveries``. Each one opens the library's face (``monitor.app.Monitor``), calls it, and prints.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.cli.observe import observed
from monitor.config.load import Config, find_config_file, load_config
from monitor.errors import ExitCode, InputError
from monitor.names import json_line, tsv

if TYPE_CHECKING:
    from monitor.app import Monitor
    from monitor.delivery.dispatch import SendReport
    from monitor.delivery.outbox import Delivery
    from monitor.ingest.report import IngestReport

log = logging.getLogger("monitor")


def load(args: argparse.Namespace) -> Config:
    config = load_config(find_config_file(args.config, os.environ, Path.cwd()))
    return config.with_extra_seeds(tuple(getattr(args, "seeds", ())))


def open_monitor(args: argparse.Namespace, *, exclusive: bool = False) -> Monitor:
    """The monitor of ``--state-dir``; ``exclusive`` (every command that makes or sends a
    digest) takes the state lock, so such commands never race each other or the daemon."""
    from monitor.app import Monitor

    return Monitor.open(load(args), args.state_dir, progress=_progress, exclusive=exclusive)


def _progress(files: list[Path]) -> Iterable[Path]:
    if not sys.stderr.isatty() or len(files) < 20:
        return files
    from tqdm import tqdm

    return tqdm(files, desc="pages", unit="file", leave=False)


def _ingested(monitor: Monitor, args: argparse.Namespace) -> IngestReport:
    report = monitor.ingest(feeds=not args.no_feeds)
    for line in report.lines:
        log.info("%s", line)
    return report


def cmd_ingest(args: argparse.Namespace) -> int:
    with open_monitor(args) as monitor, observed(monitor):
        report = _ingested(monitor, args)
    return ExitCode.PARTIAL if report.sources_failed else ExitCode.OK


def cmd_digest(args: argparse.Namespace) -> int:
    """Ingest, then make a digest (recorded unless --preview), write or print it, and with
    --deliver send it (and whatever else is due) at once."""
    from monitor.digest.render import format_for

    fmt = format_for(args.out, args.format)
    if args.deliver and args.preview:
        raise InputError("--deliver and --preview cannot be combined", "drop one of them")
    with open_monitor(args, exclusive=not args.preview) as monitor, observed(monitor):
        failed = _ingested(monitor, args).sources_failed
        made = monitor.make_digest(preview=args.preview)
        if args.deliver:
            monitor.deliver()
        mine = monitor.deliveries(made.id) if made.id is not None else []
    text = {"html": made.bodies.html, "markdown": made.bodies.markdown, "text": made.bodies.text}
    if args.out:
        args.out.write_text(text[fmt], encoding="utf-8")
        log.info("Wrote a digest of %d article(s) to %s", made.digest.count, args.out)
    elif not args.deliver:
        sys.stdout.write(text[fmt])
    if args.deliver:
        report = _report(mine)
        print(f"Digest {made.id}: {made.bodies.subject}. {report.line()}")
        return ExitCode.PARTIAL if failed else _exit_code(report)
    return ExitCode.PARTIAL if failed else ExitCode.OK


def _report(deliveries: Iterable[Delivery]) -> SendReport:
    """Where this digest's deliveries stand: sent, to retry, failed."""
    from monitor.delivery.dispatch import SendReport
    from monitor.delivery.outbox import STATUSES

    return SendReport(*(sum(d.status == status for d in deliveries) for status in STATUSES))


def cmd_feeds(args: argparse.Namespace) -> int:
    from monitor.sources.feeds.policy import health_table

    with open_monitor(args) as monitor:
        if args.feeds_action == "import-opml":
            imported = monitor.import_feeds(args.file)
            if not imported:
                raise InputError(f"{args.file}: no feeds imported", "check it is an OPML file")
            log.info("Imported %d feed(s) from %s", imported, args.file)
            return ExitCode.OK
        for line in health_table(monitor.feeds(), args.json):
            print(line)
    return ExitCode.OK


def cmd_articles(args: argparse.Namespace) -> int:
    with open_monitor(args) as monitor:
        for article in monitor.articles():
            if args.json:
                print(json_line(article_json(article)))
            else:
                print(tsv(article.id, article.classification.primary.value, article.title))
    return ExitCode.OK


def article_json(article) -> dict:  # a StoredArticle
    cls = article.classification
    return {
        "id": article.id,
        "title": article.title,
        "author": article.author,
        "url": article.url,
        "sources": list(article.sources),
        "published": article.published.isoformat() if article.published else None,
        "regions": [r.value for r in cls.regions],
        "primary_region": cls.primary.value,
        "evidence": cls.evidence_by_region(),
        "summary": list(article.summary),
        "text": article.text,
        "layout": article.layout,
        "note": article.note,
        "digest": article.digest_id,
        "duplicate_of": article.duplicate_rules or None,
    }


def cmd_run(args: argparse.Namespace) -> int:
    from monitor.daemon import scheduler  # APScheduler is imported only by the command using it

    with open_monitor(args, exclusive=True) as monitor, observed(monitor, serve=True):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        monitor.poll_feeds = not args.no_feeds
        scheduler.run(monitor)
    return ExitCode.OK


def cmd_send(args: argparse.Namespace) -> int:
    with open_monitor(args, exclusive=True) as monitor, observed(monitor):
        waiting = monitor.retry_now()
        report = monitor.deliver()
    print(f"{waiting} pending delivery(ies) tried. {report.line()}")
    return _exit_code(report)


def _exit_code(report: SendReport) -> ExitCode:
    return ExitCode.PARTIAL if report.retrying or report.failed else ExitCode.OK


def cmd_status(args: argparse.Namespace) -> int:
    """One screen (or one JSON object) of how monitor is; exit 4 when a problem needs care."""
    from monitor.ops import status
    from monitor.ops.problems import problems

    with open_monitor(args) as monitor:
        snap = monitor.status()
    found = problems(snap)
    if args.json:
        print(json_line(status.as_json(snap, found)))
    else:
        print("\n".join(status.as_text(snap, found)))
    return ExitCode.PARTIAL if found else ExitCode.OK


def cmd_deliveries(args: argparse.Namespace) -> int:
    with open_monitor(args) as monitor:
        deliveries = monitor.deliveries()
    for delivery in deliveries:
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
