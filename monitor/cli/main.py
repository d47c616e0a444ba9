"""The command line: argument parsing, logging, printing, and errors mapped to exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from monitor import __version__
from monitor.cli import commands
from monitor.cli.commands import load
from monitor.cli.logs import setup_logging
from monitor.cli.stdin import read_article
from monitor.cli.watch import add_watch, cmd_watch
from monitor.config.load import SUMMARY_ALGORITHMS
from monitor.digest.render import TEMPLATES
from monitor.errors import ExitCode, MonitorError
from monitor.names import printable

log = logging.getLogger("monitor")

DESCRIPTION = """\
Regional news monitor: polls feeds and a folder of saved pages, deduplicates and summarises the
articles, files them under Central Asia, South Asia, Middle East or Other, and renders a digest.
"""
EPILOG = """\
exit codes: 0 ok, 1 unexpected error, 2 bad usage, 3 bad config, 4 some sources or deliveries
failed, 5 another monitor holds the state directory, 6 state unusable, 7 bad input,
8 no match (monitor watch test).
Config: --config FILE, else $MONITOR_CONFIG, else ./monitor.toml, else built-in defaults."""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args)
    try:
        return int(args.handler(args))
    except MonitorError as exc:
        log.debug("error", exc_info=args.debug)
        print(f"monitor: error: {printable(exc.message)}", file=sys.stderr)
        if exc.hint:
            print(f"monitor: hint: {printable(exc.hint)}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `monitor articles --json | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush stays quiet
        return int(ExitCode.OK)
    except Exception as exc:  # the one error boundary: unexpected errors are bugs
        if args.debug:
            raise
        print(f"monitor: unexpected error: {exc!r} (run again with --debug)", file=sys.stderr)
        return int(ExitCode.FAILURE)


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="monitor",
        description=DESCRIPTION,
        epilog=EPILOG,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    ingest = command(
        "ingest", "Read new saved pages (and feeds) into the store.", commands.cmd_ingest
    )
    _source_options(ingest)
    digest = command(
        "digest",
        "Ingest, then make a digest of every article not yet in one: recorded (its articles"
        " are consumed) with its deliveries, unless --preview.",
        commands.cmd_digest,
    )
    _source_options(digest)
    digest.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the digest to FILE (default: standard output)",
    )
    digest.add_argument(
        "--format",
        choices=sorted(TEMPLATES),
        help="html, markdown or text (default: from --out's suffix, else markdown)",
    )
    digest.add_argument(
        "--preview", action="store_true", help="render without marking the articles as digested"
    )
    digest.add_argument(
        "--deliver",
        action="store_true",
        help="also deliver it now to every configured channel ([output], [email])",
    )
    _feeds_options(command("feeds", "List the polled feeds and their health.", commands.cmd_feeds))
    run = command(
        "run", "Run the daemon: ingest every N minutes, digest on schedule.", commands.cmd_run
    )
    _source_options(run)
    deliveries = command(
        "deliveries", "List deliveries (file, e-mail) with their status.", commands.cmd_deliveries
    )
    deliveries.add_argument("--json", action="store_true", help="one JSON object per line")
    command("send", "Retry every pending delivery now.", commands.cmd_send)
    watch = command("watch", "Test the [[watch]] rules, list them with hit counts.", cmd_watch)
    add_watch(watch, common)
    articles = command("articles", "List stored articles.", commands.cmd_articles)
    articles.add_argument("--json", action="store_true", help="one JSON object per line")
    summarize = command("summarize", "Summarise an article read on standard input.", cmd_summarize)
    summarize.add_argument(
        "--sentences",
        type=_positive,
        metavar="N",
        help="sentences in the summary (default: from the config, 3)",
    )
    summarize.add_argument(
        "--max-words",
        type=_positive,
        metavar="N",
        help="at most N words in the summary (default: from the config, 75)",
    )
    summarize.add_argument(
        "--algorithm",
        choices=SUMMARY_ALGORITHMS,
        help="how sentences are ranked (default: from the config, 'default')",
    )
    classify = command(
        "classify",
        "Assign regions to an article on standard input (title, blank line, "
        "body); prints JSON with the evidence.",
        cmd_classify,
    )
    classify.add_argument(
        "--hint",
        action="append",
        default=[],
        metavar="TEXT",
        help="a feed category or section line, e.g. 'Central Asia' (repeatable)",
    )
    return parser


def _common_options() -> argparse.ArgumentParser:
    """Options accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    s = argparse.SUPPRESS
    common.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        default=s,
        help="TOML config file (else $MONITOR_CONFIG, else ./monitor.toml)",
    )
    common.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        default=s,
        help="where the database lives (default: ./state)",
    )
    common.add_argument(
        "--debug", action="store_true", default=s, help="show tracebacks and debug logging"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=s, help="only warnings and errors"
    )
    return common


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also scan this folder of saved pages (repeatable)",
    )
    parser.add_argument("--no-feeds", action="store_true", help="do not poll feeds this run")


def _feeds_options(feeds: argparse.ArgumentParser) -> None:
    feeds.add_argument("--json", action="store_true", help="one JSON object per feed and line")
    feeds.set_defaults(feeds_action=None)
    actions = feeds.add_subparsers(title="actions", dest="feeds_action", metavar="ACTION")
    import_opml = actions.add_parser(
        "import-opml", help="add the feeds of an OPML file", description="Add an OPML file's feeds."
    )
    import_opml.add_argument("file", type=Path, metavar="FILE", help="the OPML file")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _setup_logging(args: argparse.Namespace) -> None:
    for name, default in (
        ("config", None),
        ("state_dir", Path("state")),
        ("debug", False),
        ("quiet", False),
    ):
        if not hasattr(args, name):
            setattr(args, name, default)
    level = logging.DEBUG if args.debug else logging.WARNING if args.quiet else logging.INFO
    setup_logging(level)


def _stdin_article() -> tuple[str, str]:
    return read_article(sys.stdin.buffer)


def cmd_summarize(args: argparse.Namespace) -> int:
    config = load(args)
    title, body = _stdin_article()
    from monitor.analysis.summary.summariser import Summariser

    s = config.summary
    summariser = Summariser(
        args.sentences or s.sentences, args.max_words or s.max_words, args.algorithm or s.algorithm
    )
    for sentence in summariser.summarise(body, title):
        print(sentence)
    return ExitCode.OK


def cmd_classify(args: argparse.Namespace) -> int:
    config = load(args)
    title, body = _stdin_article()
    from monitor.analysis.regions.classifier import Classifier

    result = Classifier(config.regions).classify(title, body, tuple(args.hint))
    print(
        json.dumps(
            {
                "regions": [r.value for r in result.regions],
                "primary": result.primary.value,
                "evidence": result.evidence_by_region(),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return ExitCode.OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
