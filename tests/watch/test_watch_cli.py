"""``monitor watch test NAME`` and ``monitor watch list`` through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.errors import ExitCode

CONFIG = """
[[watch]]
name = "Corridor"
any = ["CPEC", "\\"China-Pakistan Economic Corridor\\""]
none = ["cricket"]

[[watch]]
name = "South"
any = ["dam"]
regions = ["south_asia"]
alert = "immediate"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_with_stdin(monkeypatch, capsys, config, text, *argv):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code = main(["--config", str(config), "watch", "test", *argv])
    return code, capsys.readouterr()


test_with_stdin.__test__ = False  # a helper, not a test


def test_a_match_says_on_which_words(monkeypatch, capsys, config):
    text = "Roads and ports\n\nThe CPEC office said the china-pakistan economic corridor grows."
    code, out = test_with_stdin(monkeypatch, capsys, config, text, "Corridor")
    assert code == ExitCode.OK
    assert "Corridor: matches on CPEC, China-Pakistan Economic Corridor" in out.out
    assert "*CPEC* office" in out.out and "*china-pakistan economic corridor*" in out.out


def test_no_match_is_exit_8_and_says_why(monkeypatch, capsys, config):
    code, out = test_with_stdin(
        monkeypatch, capsys, config, "A cpec note\n\nlowercase.", "Corridor"
    )
    assert code == ExitCode.NO_MATCH == 8
    assert "no match: none of its `any` terms" in out.out
    code, out = test_with_stdin(monkeypatch, capsys, config, "CPEC cricket\n\nA match.", "Corridor")
    assert code == 8 and "`none` terms found: cricket" in out.out


def test_a_rule_limited_to_regions_classifies_the_article(monkeypatch, capsys, config):
    text = "Water\n\nThe dam near Dushanbe in Tajikistan, and Uzbekistan downstream, near Tashkent."
    code, out = test_with_stdin(monkeypatch, capsys, config, text, "South")
    assert code == 8 and "not in south_asia" in out.out


def test_an_unknown_rule_is_bad_input(monkeypatch, capsys, config):
    code, out = test_with_stdin(monkeypatch, capsys, config, "x", "Nope")
    assert code == ExitCode.INPUT
    assert "no watch rule named 'Nope' (rules: Corridor, South)" in out.err


def test_list_shows_the_rules_and_their_hits(tmp_path, capsys, config):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(
        "Port Works at Gwadar\n\nThe CPEC port at Gwadar in Pakistan will grow, officials in "
        "Islamabad said on Monday, and new roads will link it to Karachi.\n",
        encoding="utf-8",
    )
    state = ["--state-dir", str(tmp_path / "state"), "--config", str(config)]
    assert main(["ingest", *state, "--seeds", str(pages), "--no-feeds"]) == ExitCode.OK
    capsys.readouterr()
    assert main(["watch", "list", *state]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:3] == ["Corridor", "digest", "1 hit(s)"]
    assert lines[1].split("\t")[:3] == ["South", "immediate", "0 hit(s)"]
    assert main(["watch", "list", "--json", *state]) == ExitCode.OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["hits"] == 1 and rows[1]["regions"] == ["south_asia"]


def test_the_articles_text_is_printed_without_control_characters(monkeypatch, capsys, config):
    text = "Ports\n\nThe CPEC office \x1b[2J said\x07 so."
    code, out = test_with_stdin(monkeypatch, capsys, config, text, "Corridor")
    assert code == ExitCode.OK and "*CPEC*" in out.out
    assert "\x1b" not in out.out and "\x07" not in out.out
