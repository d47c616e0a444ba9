"""The command line: argument parsing, logging, printing, and errors mapped to exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from monitor import __version__
from monitor.cli import commands, listing, store_commands, text
from monitor.cli.logs import setup_logging
from monitor.cli.options import common_options
from monitor.errors import ExitCode, MonitorError
from monitor.names import printable

log = logging.getLogger("monitor")

DESCRIPTION = """\
Regional news monitor: polls feeds and a folder of saved pages, deduplicates and summarises the
articles, files them under Central Asia, South Asia, Middle East or Other, and renders a digest.
"""
EPILOG = """\
exit codes: 0 ok, 1 unexpected error, 2 bad usage, 3 bad config, 4 some sources or deliveries
failed, 5 another monitor holds the state directory, 6 state unusable, 7 bad input.
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
    common = common_options()
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

    for group in (commands, listing, text, store_commands):
        group.register(command)
    return parser


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
