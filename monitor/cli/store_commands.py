"""The store's own commands: ``store check`` (the database's integrity, in full) and
``store salvage`` (every row that can still be read, into a new store)."""

from __future__ import annotations

import argparse
from pathlib import Path

from monitor.cli.options import Command
from monitor.errors import ExitCode, StateError
from monitor.names import printable

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


def cmd_store_salvage(args: argparse.Namespace) -> int:
    from monitor.store.salvage import salvage

    salvaged = salvage(args.state_dir, args.into)
    print(salvaged.line())
    return ExitCode.PARTIAL if sum(salvaged.lost.values()) else ExitCode.OK
