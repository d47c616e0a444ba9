"""The store's own commands: ``store check`` (the database's integrity, in full),
``store salvage`` (every row that can still be read, into a new store) and ``store copy``
(a whole store into an empty one, SQLite or PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.cli.options import Command
from monitor.errors import ConfigError, ExitCode, InputError, StateError
from monitor.names import printable

if TYPE_CHECKING:
    from monitor.store.url import StoreUrl

SALVAGE_HINT = "restore a backup, or copy what can be read: monitor store salvage --into DIR"


def register(command: Command) -> None:
    store = command("store", "Check or salvage the store (the database).", _needs_action)
    actions = store.add_subparsers(
        title="actions", dest="store_action", metavar="ACTION", required=True
    )
    check = actions.add_parser(
        "check",
        help="check the whole database (exit 6 when damaged)",
        description="Check the whole database; exit 6 when it is damaged.",
    )
    check.set_defaults(handler=cmd_store_check)
    salvage = actions.add_parser(
        "salvage",
        help="copy every readable row into a new store",
        description="Copy every row that can still be read into a new store in --into DIR.",
    )
    salvage.add_argument(
        "--into", type=Path, required=True, metavar="DIR", help="a new, empty state folder"
    )
    salvage.set_defaults(handler=cmd_store_salvage)
    copy = actions.add_parser(
        "copy",
        help="copy a whole store into an empty one (SQLite or PostgreSQL)",
        description="Copy every row of the store at --from into the empty store at --to;"
        " the counts are checked at the end.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL",
                      help="the store to copy: sqlite:///path or postgresql://user@host/db")
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="an empty store (a new file, or a new database)")  # fmt: skip
    copy.set_defaults(handler=cmd_store_copy)


def _needs_action(args: argparse.Namespace) -> int:  # argparse asks for the action first
    raise StateError("say what to do with the store", "monitor store check, or store salvage")


def cmd_store_check(args: argparse.Namespace) -> int:
    from monitor.store.interface import DamagedStore
    from monitor.store.sqlite import Store

    try:
        store = Store.open(args.state_dir)
    except DamagedStore as exc:
        problems = [exc.message]
    else:
        try:
            problems = store.check()
        finally:
            store.close()
    for problem in problems:
        print(printable(problem))
    if problems:
        raise StateError(f"the store in {args.state_dir} is damaged", SALVAGE_HINT)
    print(f"The store in {printable(str(args.state_dir))} is sound.")
    return ExitCode.OK


def cmd_store_copy(args: argparse.Namespace) -> int:
    from monitor.store.backends import open_store
    from monitor.store.copy import copy_store, counts

    source_url, target_url = _url(args.source, "--from"), _url(args.target, "--to")
    with closing(open_store(source_url)) as source, closing(open_store(target_url)) as target:
        total = sum(counts(source).values())
        if sys.stderr.isatty() and total:
            from tqdm import tqdm

            with tqdm(total=total, desc="rows", unit="row", leave=False) as bar:
                copied = copy_store(source, target, bar.update)
        else:
            copied = copy_store(source, target)
    print(copied.line())
    return ExitCode.OK


def _url(text: str, option: str) -> StoreUrl:
    """A store URL given on the command line; a bad one is bad input (exit 7)."""
    from monitor.store.url import parse_store_url

    try:
        return parse_store_url(text, option)
    except ConfigError as exc:
        raise InputError(exc.message, exc.hint) from None


def cmd_store_salvage(args: argparse.Namespace) -> int:
    from monitor.store.salvage import salvage

    salvaged = salvage(args.state_dir, args.into)
    print(salvaged.line())
    return ExitCode.PARTIAL if sum(salvaged.lost.values()) else ExitCode.OK
