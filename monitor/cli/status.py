"""``monitor status``: one screen (or one JSON object) of how monitor is, and the problems that
need care, each with what to do; exit 4 when there is one (``monitor.ops``)."""

from __future__ import annotations

import argparse

from monitor.cli.commands import open_monitor
from monitor.cli.options import Command
from monitor.errors import ExitCode
from monitor.names import json_line


def register(command: Command) -> None:
    status = command(
        "status",
        "One screen: store, daemon, digests, deliveries, feeds and problems (exit 4 if any).",
        cmd_status,
    )
    status.add_argument("--json", action="store_true", help="one JSON object")


def cmd_status(args: argparse.Namespace) -> int:
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
