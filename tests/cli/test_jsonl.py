"""`monitor classify --jsonl` and `monitor summarize --jsonl`: one article per line in, one
result per line out, the same answers as one call per article; a bad line gets its own error
line (never quoting it) and exit 7, and every other line is still answered."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ARTICLES = [
    {
        "id": "ferry",
        "title": "Caspian Ferry Line Opens",
        "text": "A new ferry line between Aktau and Baku carried its first trucks on Sunday. "
        "The route cuts a week from the journey of goods between China and Turkey.\n\n"
        "Officials in Kazakhstan expect four sailings a week by the end of the summer. "
        "Traders in Almaty said the line would lower the price of Turkish goods.",
    },
    {
        "id": 2,
        "title": "Monsoon Rains Delay Harvest",
        "text": "Heavy monsoon rains across Punjab and Sindh delayed the wheat harvest this "
        "week. Farmers near Lahore said the fields would not dry before the end of the "
        "month. The provincial government in Karachi promised help for the worst-hit "
        "districts, and officials in Islamabad met to discuss the national food stock.",
        "hints": ["South Asia"],
    },
    {
        "title": "",
        "text": "The central bank of the eurozone held its rates on Thursday in Frankfurt. "
        "Its president said inflation was falling faster than expected across the "
        "member states, and that the bank would watch wages in Germany and France.",
    },
]


def monitor(*args: str, data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", os.devnull, *args],
        input=data,
        capture_output=True,
        timeout=120,
    )


def one_by_one(command: str, article: dict) -> bytes:
    lines = f"{article['title']}\n\n{article['text']}" if article["title"] else article["text"]
    hints = [arg for hint in article.get("hints", []) for arg in ("--hint", hint)]
    if command == "summarize":
        hints = []
    done = monitor(command, *hints, data=lines.encode())
    assert done.returncode == 0, done.stderr
    return done.stdout


def batch(command: str, lines: list[str]) -> subprocess.CompletedProcess:
    return monitor(command, "--jsonl", data="".join(line + "\n" for line in lines).encode())


def test_classify_jsonl_answers_as_one_call_per_article():
    done = batch("classify", [json.dumps(a) for a in ARTICLES])
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["id"] for r in results] == ["ferry", 2, None]
    for article, result in zip(ARTICLES, results, strict=True):
        alone = json.loads(one_by_one("classify", article))
        assert {k: v for k, v in result.items() if k != "id"} == alone
    assert [r["primary"] for r in results] == ["central_asia", "south_asia", "other"]


def test_summarize_jsonl_answers_as_one_call_per_article():
    plain = [{k: v for k, v in a.items() if k != "hints"} for a in ARTICLES]
    done = batch("summarize", [json.dumps(a) for a in plain])
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    for article, result in zip(plain, results, strict=True):
        alone = one_by_one("summarize", article).decode().splitlines()
        assert result["summary"] == alone and alone


@pytest.mark.parametrize("command", ["classify", "summarize"])
def test_a_bad_line_gets_its_error_and_the_others_their_answers(command):
    lines = [
        json.dumps(ARTICLES[0]),
        "not json \x1b[31m <script>",
        "",
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps([1, 2]),
        json.dumps({"id": "hints", "text": "Talks in Tashkent.", "hints": "Central Asia"}),
        json.dumps(ARTICLES[1]),
    ]
    done = batch(command, lines)
    assert done.returncode == 7
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(results) == 6  # the blank line is skipped, every other line answered
    errors = [r for r in results if "error" in r]
    assert [(r["line"], r["id"]) for r in errors] == [(2, None), (4, "no-text"), (5, None),
                                                    (6, "hints")]  # fmt: skip
    assert [r["id"] for r in results if "error" not in r] == ["ferry", 2]
    stderr = done.stderr.decode()
    assert stderr.count("skipped") == 4 and "\x1b" not in stderr and "<script>" not in stderr


def test_undecodable_line_is_refused_alone():
    data = json.dumps(ARTICLES[0]).encode() + b"\n\xff\xfe{}\n"
    done = monitor("classify", "--jsonl", data=data)
    assert done.returncode == 7
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["primary"] == "central_asia" and "not UTF-8" in second["error"]
