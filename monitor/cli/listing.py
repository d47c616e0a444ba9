"""The listing commands: ``feeds`` (and ``feeds import-opml``), ``articles``, ``deliveries``.
Every name from a file or a feed is printed escaped (``monitor.names``)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from monitor.cli.commands import open_monitor
from monitor.cli.options import Command
from monitor.errors import ExitCode, InputError
from monitor.names import json_line, tsv

log = logging.getLogger("monitor")


def register(command: Command) -> None:
    feeds = command("feeds", "List the polled feeds and their health.", cmd_feeds)
    feeds.add_argument("--json", action="store_true", help="one JSON object per feed and line")
    feeds.set_defaults(feeds_action=None)
    actions = feeds.add_subparsers(title="actions", dest="feeds_action", metavar="ACTION")
    import_opml = actions.add_parser(
        "import-opml", help="add the feeds of an OPML file", description="Add an OPML file's feeds."
    )
    import_opml.add_argument("file", type=Path, metavar="FILE", help="the OPML file")
    articles = command("articles", "List stored articles.", cmd_articles)
    articles.add_argument("--json", action="store_true", help="one JSON object per line")
    deliveries = command(
        "deliveries", "List deliveries (file, e-mail) with their status.", cmd_deliveries
    )
    deliveries.add_argument("--json", action="store_true", help="one JSON object per line")


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
