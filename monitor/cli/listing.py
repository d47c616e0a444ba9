"""The listing commands: ``feeds`` (and ``feeds import-opml``), ``articles``, ``deliveries``.
Every name from a file or a feed is printed escaped (``monitor.names``)."""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime
from pathlib import Path

from monitor.cli.commands import open_monitor
from monitor.cli.options import Command
from monitor.errors import ExitCode, InputError
from monitor.models import Region
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
    articles.add_argument(
        "--search",
        metavar="TEXT",
        help='only articles holding every word and "quoted phrase" of TEXT, best first',
    )
    articles.add_argument(
        "--region", choices=[r.value for r in Region], help="only articles of this region"
    )
    articles.add_argument(
        "--since", type=_day, metavar="DATE", help="only articles published (or seen) since DATE"
    )
    articles.add_argument("--watch", metavar="NAME", help="only articles the watch rule matched")
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
    filtered = args.search is not None or args.region or args.since or args.watch
    with open_monitor(args) as monitor:
        if not filtered:
            for article in monitor.articles():
                _print_article(article, args.json)
            return ExitCode.OK
        region = Region(args.region) if args.region else None
        for found in monitor.search(args.search, region, args.since, args.watch):
            _print_article(found.article, args.json, found)
    return ExitCode.OK


def _print_article(article, as_json: bool, found=None) -> None:  # a StoredArticle, a Found
    searching = found is not None and found.score
    if as_json:
        extra = (
            {"matched": list(found.matched), "score": round(found.score, 4)} if searching else {}
        )
        print(json_line(article_json(article) | extra))
    else:
        words = (f"matched: {', '.join(found.matched)}",) if searching else ()
        print(tsv(article.id, article.classification.primary.value, article.title, *words))


def _day(text: str) -> datetime:
    """``2026-11-29`` (midnight UTC) or an ISO 8601 time, for ``--since``."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-11-29: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
