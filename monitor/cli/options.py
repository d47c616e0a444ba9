"""What every command shares: the options accepted before or after its name, the source
options, and how a command module registers its commands (``register(command)``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

#: ``command(name, help, handler)`` adds a command and returns its parser.
Command = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def common_options() -> argparse.ArgumentParser:
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


def source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also scan this folder of saved pages (repeatable)",
    )
    parser.add_argument("--no-feeds", action="store_true", help="do not poll feeds this run")


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
