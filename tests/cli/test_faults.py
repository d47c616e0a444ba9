"""The fault sweep: every command, run as a real process, against every kind of hostile input
the program handles, ends in a defined exit code: never 1 (a bug), never a traceback.

It is a table. A row (``Fault``) prepares one folder: ``setup`` gets it with ``seeds/`` (two good
pages), ``monitor.toml`` (no network feeds) and an empty ``state/``, and may add files, config
lines or a damaged store (``ingest_first`` builds a store to damage). Then every command of
``COMMANDS`` (or the row's ``commands``) runs there, in order, on that state, with the row's
stdin; a command not named in ``expect`` must exit 0. Rows run in parallel; each (row, command)
is its own test. Every config value the issue found accepted is refused in
tests/config/test_config_ranges.py; here a few stand for them all.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from feedserver import FeedServer, Reply
from feedtexts import DAM, wordpress_rss

from monitor.errors import ExitCode

ARTICLE = (
    "Caspian Ferry Line Opens\n\n"
    "A new ferry line between Aktau and Baku carried its first trucks on Sunday. "
    "The route cuts a week from the journey of goods between China and Turkey. "
    "Officials in Kazakhstan expect four sailings a week by the end of the summer.\n"
)
PAGE = (
    "Border Markets Reopen\n\nKyrgyzstan and Tajikistan reopened two border markets near "
    "Batken after a year. Traders from Isfara crossed on the first morning, and officials in "
    "Dushanbe said more crossings would open before the winter.\n"
)

#: Command name -> its arguments; run in this order on one state directory.
COMMANDS: dict[str, tuple[str, ...]] = {
    "ingest": ("ingest",),
    "digest --preview": ("digest", "--preview"),
    "digest --out FILE": ("digest", "--out", "digest.md"),
    "articles": ("articles",),
    "articles --json": ("articles", "--json"),
    "feeds": ("feeds",),
    "deliveries": ("deliveries",),
    "summarize": ("summarize",),
    "classify": ("classify",),
}
STDIN_COMMANDS = ("summarize", "classify")


@dataclass(frozen=True)
class Fault:
    name: str
    setup: Callable[[Path], None] = lambda root: None
    stdin: bytes = ARTICLE.encode()
    expect: Mapping[str, int] = field(default_factory=dict)  # command -> exit code; else 0
    commands: tuple[str, ...] = tuple(COMMANDS)  # the commands this fault can reach


@dataclass(frozen=True)
class Ran:
    code: int
    out: bytes
    err: bytes


def every(code: int, commands: tuple[str, ...] = tuple(COMMANDS)) -> dict[str, int]:
    return dict.fromkeys(commands, code)


def monitor(root: Path, *args: str, stdin: bytes = b"") -> Ran:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "--config",
            "monitor.toml",
            "--state-dir",
            "state",
            *args,
        ],
        cwd=root,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def ingest_first(root: Path) -> None:
    """A store holding the good pages, for a row that damages it next."""
    assert monitor(root, "ingest").code == 0


# -- the faults ---------------------------------------------------------------------------------


def odd_names(root: Path) -> None:
    names_not_utf8(root)
    names_with_controls(root)


def not_pages(root: Path) -> None:
    not_regular_files(root)
    binary_and_empty_files(root)


def names_not_utf8(root: Path) -> None:
    (root / "seeds" / os.fsdecode(b"bad\xff.txt")).write_text(PAGE, encoding="utf-8")
    latin = root / "seeds" / os.fsdecode(b"caf\xe9")
    latin.mkdir()
    (latin / "x.txt").write_text(PAGE.replace("Border", "Bazaar"), encoding="utf-8")


def names_with_controls(root: Path) -> None:
    forged = "x\nmonitor: INFO: forged \x1b[31mred\x9b\u202e.txt"
    (root / "seeds" / forged).write_text(PAGE.replace("Markets", "\x1b[31mMarkets"))
    (root / "seeds" / ("empty\n" + forged)).write_bytes(b"")


def not_regular_files(root: Path) -> None:
    os.mkfifo(root / "seeds" / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "seeds" / "sock.md"))
    with contextlib.suppress(PermissionError):  # not root: a FIFO and a socket stand for all
        os.mknod(root / "seeds" / "null.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))


def binary_and_empty_files(root: Path) -> None:
    (root / "seeds" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (root / "seeds" / "empty.md").write_bytes(b"")
    (root / "seeds" / "latin.txt").write_bytes(("Caf\xe9 " + PAGE).encode("latin-1"))


def bad_config(line: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with (root / "monitor.toml").open("a", encoding="utf-8") as config:
            config.write(line + "\n")

    return setup


def hostile_feed(url: str) -> Callable[[Path], None]:
    """A feed on 127.0.0.1 whose titles carry C1 controls and a bidirectional override."""

    def setup(root: Path) -> None:
        config = root / "monitor.toml"
        text = config.read_text(encoding="utf-8").replace("feeds = []\n", "")
        feed = f'[[feeds]]\nurl = "{url}"\n[fetch]\nallow_private = true\n'
        config.write_text(text + feed, encoding="utf-8")

    return setup


def feed_server() -> FeedServer:
    hostile = replace(DAM, title="Dam \u202eTalks\x85 Resume\x9b[2J", categories=("Asia\x9b",))
    server = FeedServer()
    body = wordpress_rss("Evil\x9b", (hostile,))
    server.route("/feed", Reply(200, {"Content-Type": "application/rss+xml"}, body))
    return server


STDIN_REFUSED = every(ExitCode.INPUT, STDIN_COMMANDS)
CONFIG_REFUSED = every(ExitCode.CONFIG)
BAD_NUMBERS = {
    "ingest_every 10**15": "[digest]\ningest_every = 1_000_000_000_000_000",
    "schedule every 99999999999h": '[digest]\nschedule = "every 99999999999h"',
    "min_score nan": "[regions]\nmin_score = nan",
}


def stdin_row(name: str, data: bytes, refused: bool = True) -> Fault:
    return Fault(name, stdin=data, expect=STDIN_REFUSED if refused else {}, commands=STDIN_COMMANDS)


FAULTS = [
    Fault("names not UTF-8, with newlines and escapes", odd_names),
    Fault("FIFO, socket, device, binary, empty and Latin-1 files", not_pages),
    stdin_row("stdin binary", b"\x89PNG\r\n\x1a\n\x00\x00" * 1000),
    stdin_row("stdin not UTF-8", "Caf\xe9 ".encode("latin-1") * 9),
    stdin_row("stdin UTF-16 with a BOM", ARTICLE.encode("utf-16"), refused=False),
    stdin_row("stdin UTF-32 with a BOM", ARTICLE.encode("utf-32"), refused=False),
    stdin_row("stdin over 20 MB", b"word " * (4 * 1024 * 1024 + 1)),
    stdin_row("stdin empty", b""),
    *(Fault(name, bad_config(line), expect=CONFIG_REFUSED) for name, line in BAD_NUMBERS.items()),
]
FEED_FAULT = "a feed with controls in its titles"
CELLS = [(f.name, c) for f in FAULTS for c in f.commands] + [(FEED_FAULT, c) for c in COMMANDS]


# -- running the table --------------------------------------------------------------------------


def run_row(fault: Fault, root: Path) -> dict[str, Ran]:
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / "other.md").write_text(PAGE, encoding="utf-8")
    (root / "monitor.toml").write_text(
        'feeds = []\n[seeds]\npaths = ["seeds"]\n[summary]\nworkers = 1\n', encoding="utf-8"
    )
    fault.setup(root)
    stdin = {c: fault.stdin for c in STDIN_COMMANDS}
    return {c: monitor(root, *COMMANDS[c], stdin=stdin.get(c, b"")) for c in fault.commands}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict[str, Ran]]:
    """Every row run once, rows in parallel: fault name -> command -> what it did."""
    with feed_server() as server:
        feed = Fault(FEED_FAULT, hostile_feed(server.url("/feed")))
        rows = [*FAULTS, feed]
        roots = [tmp_path_factory.mktemp("fault") for _ in rows]
        with ThreadPoolExecutor(max_workers=4) as pool:
            done = pool.map(run_row, rows, roots)
            return {row.name: ran for row, ran in zip(rows, done, strict=True)}


_RAW = ("\x1b", "\x9b", "\x85", "\u202e", "\ufffd")


@pytest.mark.parametrize(("fault", "command"), CELLS, ids=[f"{f}: {c}" for f, c in CELLS])
def test_every_command_ends_in_a_defined_exit_code(results, fault, command):
    ran = results[fault][command]
    expected = next((f.expect for f in FAULTS if f.name == fault), {}).get(command, ExitCode.OK)
    err = ran.err.decode("utf-8", "replace")
    assert "Traceback" not in err and ran.code != ExitCode.FAILURE, err
    assert ran.code == expected, err
    terminal = err + ran.out.decode("utf-8", "replace")
    assert not any(raw in terminal for raw in _RAW), terminal
    assert all(line.startswith("monitor: ") for line in err.splitlines()), err
    assert not any(line.startswith("monitor: INFO: forged") for line in err.splitlines())
