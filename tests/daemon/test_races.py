"""Racing commands killed at random moments lose nothing and double nothing.

Each round adds a page, starts ``digest``, ``digest --deliver`` and ``run`` at once as real
processes and kills each with SIGKILL at a random moment (the daemon never ends by itself).
Every command that makes or sends a digest takes the state lock, so the losers exit 5. At the
end, ``send`` and one more ``digest --deliver`` finish what the kills left: every article is in
exactly one digest and every digest reached every target (the output folder and the mailbox).
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from mailserver import smtp_server

from monitor.errors import ExitCode

ROUNDS = 20
COMMANDS = (("digest", "--out", "plain.md"), ("digest", "--deliver"), ("run",))
ALLOWED = {ExitCode.OK, ExitCode.LOCKED, -signal.SIGKILL}


def _config(tmp_path: Path, pages: Path, site: Path, port: int) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(pages)!r}]\n"
        "[summary]\nworkers = 1\n"
        "[digest]\nschedule = 'every 1h'\ntimezone = 'Asia/Tashkent'\n"
        f"[output]\ndir = {str(site)!r}\n"
        f"[email]\nhost = '127.0.0.1'\nport = {port}\nfrom = 'monitor@example.org'\n"
        "to = ['desk@example.org']\n",
        encoding="utf-8",
    )
    return config


def _start(config: Path, state: Path, argv: tuple[str, ...], cwd: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir", str(state)]
    return subprocess.Popen(
        [*command, *argv, "--no-feeds"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


SYLLABLES = ("ka", "ro", "mi", "tu", "sel", "dan", "vo", "ri", "bek", "lu", "ze", "shan")


def _page(number: int, chance: random.Random) -> str:
    """A page of made-up words: no two pages are near-duplicates of each other."""

    def word() -> str:
        return "".join(chance.choice(SYLLABLES) for _ in range(chance.randint(2, 4)))

    sentences = [
        " ".join(word() for _ in range(12)).capitalize() + f" in Tashkent on day {number}."
        for _ in range(4)
    ]
    return f"Report {number} from the Fergana Valley\n\n" + " ".join(sentences) + "\n"


def _race(
    config: Path, state: Path, cwd: Path, chance: random.Random, codes: list[int], span: float
) -> list[str]:
    """One round: the three commands at once, each killed at a random moment within ``span``
    seconds; their errors (their exit codes are added to ``codes``)."""
    processes = [_start(config, state, argv, cwd) for argv in COMMANDS]
    deadline = {p.pid: time.monotonic() + chance.uniform(0.1, span) for p in processes}
    for process in sorted(processes, key=lambda p: deadline[p.pid]):
        try:
            process.wait(timeout=max(0.0, deadline[process.pid] - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
    problems = []
    for process, argv in zip(processes, COMMANDS, strict=True):
        codes.append(process.returncode)
        stderr = process.stderr.read()
        process.stderr.close()
        if process.returncode not in ALLOWED or "Traceback" in stderr:
            problems.append(f"{' '.join(argv)}: exit {process.returncode}: {stderr[-500:]}")
    return problems


def _one_run_seconds(config: Path, state: Path, cwd: Path) -> float:
    """How long one ``digest --deliver`` takes here (a busy machine is slower)."""
    began = time.monotonic()
    done = _start(config, state, ("digest", "--deliver"), cwd)
    done.wait(timeout=120)
    done.stderr.close()
    return time.monotonic() - began


def _finish(config: Path, state: Path, cwd: Path) -> None:
    """What an operator does after the kills: deliver what is pending, digest the rest."""
    for argv in (("send",), ("digest", "--deliver"), ("send",)):
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir", str(state),
             *argv, *(["--no-feeds"] if argv[0] == "digest" else [])],
            cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == ExitCode.OK, done.stderr


def test_racing_digests_and_the_daemon_killed_at_random_lose_and_double_nothing(tmp_path):
    pages, site, state = tmp_path / "pages", tmp_path / "site", tmp_path / "state"
    pages.mkdir()
    chance = random.Random(20261205)
    problems: list[str] = []
    codes: list[int] = []
    with smtp_server() as (port, mailbox):
        config = _config(tmp_path, pages, site, port)
        span = 2.5 * _one_run_seconds(config, state, tmp_path)  # kills before, during and after
        for number in range(1, ROUNDS + 1):
            (pages / f"page-{number:02d}.txt").write_text(_page(number, chance), encoding="utf-8")
            problems += _race(config, state, tmp_path, chance, codes, span)
        _finish(config, state, tmp_path)
        received = {message["Message-ID"] for _, message in mailbox.received}
    assert not problems, "\n".join(problems)
    happened = set(codes)
    assert {ExitCode.OK, ExitCode.LOCKED, -signal.SIGKILL} <= happened, happened
    db = sqlite3.connect(state / "monitor.sqlite3")
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    members = db.execute("SELECT count(*), count(DISTINCT article_id) FROM digest_articles")
    assert articles == ROUNDS and members.fetchone() == (ROUNDS, ROUNDS)
    digests = dict(db.execute("SELECT digest_id, message_id FROM digest_renders"))
    sizes = dict(db.execute("SELECT digest_id, article_count FROM digest_renders"))
    targets = db.execute("SELECT digest_id, channel, status FROM deliveries").fetchall()
    db.close()
    assert len(digests) >= 2  # the races made several digests
    for digest_id, message_id in digests.items():
        mine = sorted((channel, status) for d, channel, status in targets if d == digest_id)
        if sizes[digest_id]:  # an empty digest is not mailed ([digest] send_empty = false)
            assert mine == [("email", "sent"), ("file", "sent")], digest_id
            assert message_id in received
        else:
            assert mine == [("file", "sent")], digest_id
        assert list(site.glob(f"digest-*-{digest_id}.html")), digest_id
