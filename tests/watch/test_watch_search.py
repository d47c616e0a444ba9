"""``monitor articles --search TEXT [--region R] [--since DATE] [--watch NAME]``: ranked by FTS5
in the store, the matched words shown, ``--json`` as the plain listing's plus ``matched``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.errors import ExitCode
from monitor.watch.search import query_terms

PAGES = {
    "dam.txt": "Reservoir Filling Resumes at Rogun\n\nTajikistan resumed filling the Rogun "
    "reservoir on the Vakhsh river, officials in Dushanbe said. Uzbekistan asked for a schedule "
    "of water releases before the summer season.\n",
    "canal.txt": "A Canal Plan for the Amu Darya\n\nAfghanistan is digging a canal from the Amu "
    "Darya, officials in Kabul said, and Uzbekistan fears for its water. Engineers in Termez "
    "say the Rogun dam upstream matters less than the new canal.\n",
    "port.txt": "Gwadar Port Adds Two Berths\n\nPakistan said the China-Pakistan Economic "
    "Corridor projects at Gwadar will add two berths. Officials in Islamabad and Karachi expect "
    "more ships, and Balochistan will build a road to the port.\n",
}
CONFIG = '[[watch]]\nname = "Water"\nany = ["water"]\n'


@pytest.fixture
def state(tmp_path: Path) -> list[str]:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    config = tmp_path / "monitor.toml"
    config.write_text(CONFIG, encoding="utf-8")
    options = ["--state-dir", str(tmp_path / "state"), "--config", str(config)]
    assert main(["ingest", *options, "--seeds", str(pages), "--no-feeds"]) == ExitCode.OK
    return options


def listed(capsys, state, *argv) -> list[list[str]]:
    capsys.readouterr()
    assert main(["articles", *state, *argv]) == ExitCode.OK
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_words_are_ranked_title_first_with_the_matched_words(capsys, state):
    rows = listed(capsys, state, "--search", "rogun")
    assert [row[2] for row in rows] == [
        "Reservoir Filling Resumes at Rogun", "A Canal Plan for the Amu Darya"
    ]
    assert rows[0][3] == "matched: rogun"
    assert listed(capsys, state, "--search", "rogun canal")[0][2].startswith("A Canal Plan")


def test_a_quoted_phrase_matches_its_words_in_order(capsys, state):
    assert len(listed(capsys, state, "--search", '"economic corridor"')) == 1
    assert listed(capsys, state, "--search", '"corridor economic"') == []


def test_filters_by_region_date_and_watch_rule(capsys, state):
    assert [r[2] for r in listed(capsys, state, "--search", "officials", "--region",
            "south_asia")] == ["Gwadar Port Adds Two Berths"]  # fmt: skip
    assert len(listed(capsys, state, "--search", "officials", "--watch", "Water")) == 2
    assert listed(capsys, state, "--search", "officials", "--since", "2999-01-01") == []
    assert len(listed(capsys, state, "--watch", "Water")) == 2  # no text: filters alone


def test_json_adds_the_matched_words_and_score(capsys, state):
    capsys.readouterr()
    assert main(["articles", *state, "--json", "--search", "Gwadar port"]) == ExitCode.OK
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["matched"] == ["Gwadar", "port"] and row["score"] > 0 and "text" in row


def test_query_syntax_is_never_passed_through(capsys, state):
    for text in ('AND OR NOT', 'rogun*', '"unbalanced', "title:rogun", "( ) ^ -"):
        listed(capsys, state, "--search", text)  # exit 0, no error
    assert query_terms('"a phrase" word "open') == ("a phrase", "word", "open")
