"""The jobs' commands: ``ingest``, ``digest``, ``run`` and ``send``. Each one opens the library's
face (``monitor.app.Monitor``), calls it, and says what happened.
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
from monitor.cli.options import Command, source_options
from monitor.config.load import Config, find_config_file, load_config
from monitor.errors import ExitCode, InputError

if TYPE_CHECKING:
    from monitor.app import Monitor
    from monitor.delivery.dispatch import SendReport
    from monitor.delivery.outbox import Delivery
    from monitor.reports import IngestReport

log = logging.getLogger("monitor")


def register(command: Command) -> None:
    ingest = command("ingest", "Read new saved pages (and feeds) into the store.", cmd_ingest)
    source_options(ingest)
    _now_option(ingest)
    digest = command(
        "digest",
        "Ingest, then make a digest of every article not yet in one: recorded (its articles"
        " are consumed) with its deliveries, unless --preview.",
        cmd_digest,
    )
    source_options(digest)
    _now_option(digest)
    digest.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the digest to FILE (default: standard output)",
    )
    digest.add_argument(
        "--format",
        choices=("html", "markdown", "text"),
        help="html, markdown or text (default: from --out's suffix, else markdown)",
    )
    digest.add_argument(
        "--preview", action="store_true", help="render without marking the articles as digested"
    )
    digest.add_argument(
        "--deliver",
        action="store_true",
        help="also deliver it now to every configured channel ([output], [email]), with the"
        " digest of each reader whose own schedule's slot is due",
    )
    run = command("run", "Run the daemon: ingest every N minutes, digest on schedule.", cmd_run)
    source_options(run)
    run.add_argument(
        "--role",
        choices=("ingest", "digest", "all"),
        default="all",
        help="ingest: read sources only; digest: digests and deliveries only (many processes"
        " may share one PostgreSQL store); all (default): everything",
    )
    command("send", "Retry every pending delivery now.", cmd_send)


def _now_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        action="store_true",
        help="poll every feed now, whatever its interval or backoff (not one whose server"
        " asked to wait with Retry-After)",
    )


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
    report = monitor.ingest(feeds=not args.no_feeds, every_feed=args.now)
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
        own = monitor.reader_digests() if args.deliver else []  # readers' own slots due now
        if args.deliver:
            monitor.deliver()
        mine = monitor.deliveries(made.id, own) if made.id is not None or own else []
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


def cmd_run(args: argparse.Namespace) -> int:
    from monitor.daemon import scheduler  # APScheduler is imported only by the command using it

    with open_monitor(args, exclusive=True) as monitor, observed(monitor, serve=True):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        monitor.poll_feeds = not args.no_feeds
        scheduler.run(monitor, role=args.role)
    return ExitCode.OK


def cmd_send(args: argparse.Namespace) -> int:
    with open_monitor(args, exclusive=True) as monitor, observed(monitor):
        waiting = monitor.retry_now()
        report = monitor.deliver()
    print(f"{waiting} pending delivery(ies) tried. {report.line()}")
    return _exit_code(report)


def _exit_code(report: SendReport) -> ExitCode:
    return ExitCode.PARTIAL if report.retrying or report.failed else ExitCode.OK
