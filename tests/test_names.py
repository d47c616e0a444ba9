"""names.py: paths stored losslessly, names shown escaped."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from monitor.causes import Causes
from monitor.names import (
    NAME_LIMIT,
    feed_publication,
    json_line,
    printable,
    publication_name,
    storable,
    tsv,
    unstorable,
)

ODD = [
    os.fsdecode(b"seeds/bad\xff.txt"),
    os.fsdecode(b"/abs/caf\xe9/x.txt"),
    os.fsdecode(b"/abs/100%/\xff%41.txt"),
]


@pytest.mark.parametrize("path", ["seeds/a.txt", "/abs/é 100%.md", "file:x/y.txt", "a\nb"])
def test_a_path_that_is_valid_utf8_is_stored_as_itself(path):
    assert storable(Path(path)) == str(Path(path)) == unstorable(storable(Path(path)))


@pytest.mark.parametrize("path", ODD)
def test_any_other_path_is_stored_as_text_sqlite_accepts_and_read_back_unchanged(path):
    stored = storable(path)
    assert stored.startswith("file://")
    stored.encode("utf-8")  # no surrogate left
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE files (path TEXT PRIMARY KEY)")
    db.execute("INSERT INTO files VALUES (?)", (stored,))
    assert unstorable(db.execute("SELECT path FROM files").fetchone()[0]) == path


def test_the_stored_forms_of_two_paths_differ():
    """No path that Path makes starts with file:// (it folds the //), so none is taken for one."""
    names = ODD + [str(Path(storable(p))) for p in ODD] + ["seeds/bad%FF.txt"]
    assert len({storable(n) for n in names}) == len(names)


def test_a_lone_surrogate_that_no_file_system_gives_is_stored_all_the_same():
    assert storable("\ud800lone.txt") == "file://%ED%A0%80lone.txt"


def test_printable_escapes_line_breaks_controls_bidi_overrides_and_undecodable_bytes():
    name = os.fsdecode(b"a\nmonitor: INFO: x\x1b[31m\r\t\x9b\x7f\xe2\x80\xae\xff.txt")
    assert printable(name) == "a\\nmonitor: INFO: x\\x1b[31m\\r\\t\\x9b\\x7f\\u202e\\xff.txt"
    assert printable("Ташкент, کابل, 東京 \u200c") == "Ташкент, کابل, 東京 \u200c"
    assert tsv(1, "a\tb", None) == "1\ta\\tb\tNone"


def test_json_line_is_valid_json_and_safe_on_a_terminal():
    value = {"title": "x\x1b[31m\x9b\u202e\n", "path": os.fsdecode(b"\xff")}
    line = json_line(value)
    assert not any(c in line for c in "\x1b\x9b\u202e\n")
    assert json.loads(line) == value


def test_causes_tell_one_line_per_cause_with_the_count():
    causes = Causes("cannot read", "skipped")
    for i in range(1462):
        causes.add(f"f{i}.txt", "No space left on device")
    causes.add("g.txt", "Permission denied")
    assert causes.lines() == [
        "1462 files: cannot read (No space left on device), the first f0.txt; skipped",
        "g.txt: cannot read (Permission denied); skipped",
    ]


def test_a_publication_name_is_one_short_safe_line():
    assert publication_name("  Steppe\n Review\u202e ") == "Steppe Review"
    assert publication_name("") is None and publication_name(None) is None
    long = publication_name("Word " * 40)
    assert long is not None and len(long) <= NAME_LIMIT + 1 and long.endswith("Word…")


def test_a_category_feeds_title_names_its_publication_without_the_category():
    site = "Global Affairs Review"
    wordpress = "https://review.example/category/central-asia/feed/"
    assert feed_publication(f"Central Asia – {site}", wordpress) == site
    assert feed_publication(f"South Asia – {site}", "http://127.0.0.1:8000/south-asia.rss") == site
    tag = "https://steppe.example/tag/central-asia/feed/"
    assert feed_publication("Central Asia – Steppe & Silk", tag) == "Steppe & Silk"
    # not the address's category: the title is the publication's own
    assert feed_publication(f"Central Asia – {site}", "https://review.example/feed/") == (
        f"Central Asia – {site}"
    )
    assert feed_publication("War – and Peace", "https://x.example/category/war/feed/") == (
        "and Peace"
    )
    assert feed_publication(site, wordpress) == site
    assert feed_publication("Central Asia – ", wordpress) == "Central Asia – "
