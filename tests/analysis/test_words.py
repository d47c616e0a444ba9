"""An article's counted words: what is counted, how they are stored, and that story threading
finds the same stories from stored words as from the texts."""

from __future__ import annotations

import json
from dataclasses import replace

from paths import SUMMARY_EVAL, require_shared

from monitor.analysis.words import VERSION, count_words, decode, encode
from monitor.digest.stories import StoryItem, group_stories
from monitor.digest.stories.body import body


def test_terms_title_and_capitals_are_counted_without_stop_words():
    words = count_words(
        " Kazakh Grain Exports Rise ",
        "Exports of grain rose. Officials in Astana said the grain's price fell; "
        "the Astana talks and Astana's ministers agreed. A truck went to Aktau.",
    )
    assert words.terms["grain"] == 3  # "Grain", "grain", "grain's": one term
    assert words.terms["export"] == 2  # a plain plural folded
    assert "the" not in words.terms and "a" not in words.terms  # stop words
    assert words.title == {"kazakh": 1, "grain": 1, "export": 1, "rise": 1}
    # a capital inside a sentence is counted, one opening a sentence is not
    assert words.capitals == {"grain": 1, "export": 1, "rise": 1, "astana": 3, "aktau": 1}


def test_stored_words_read_back_the_same_and_damaged_ones_read_as_none():
    words = count_words("Title Here", "Some text with Names Inside and more text.")
    stored = encode(words)
    assert stored.startswith(VERSION)
    assert decode(stored) == words
    assert decode(None) is None
    assert decode("w0:" + stored[len(VERSION):]) is None  # another version's: counted again
    assert decode(stored[:-6]) is None  # cut short
    assert decode(VERSION + "not base64 !") is None


def test_stories_from_stored_words_are_the_stories_from_the_texts():
    """On the BBC evaluation set (1,054 articles, many same-event pieces): the same name rows,
    content counts and groups."""
    lines = require_shared(SUMMARY_EVAL / "bbc_dev.jsonl").read_text(encoding="utf-8")
    docs = [json.loads(line) for line in lines.splitlines() if line.strip()]
    items = [StoryItem(id=d["id"], title=d["title"], text=d["text"]) for d in docs]
    stored = [replace(i, words=decode(encode(count_words(i.title, i.text)))) for i in items]
    counted, read = body(items, 3.0), body(stored, 3.0)
    assert (counted.names == read.names).all()
    assert counted.counts == read.counts
    groups = group_stories(items)
    assert any(len(group) > 1 for group in groups)
    assert group_stories(stored) == groups
