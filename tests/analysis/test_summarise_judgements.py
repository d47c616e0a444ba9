"""Our own judgements of seed analysis pieces: the summary states the point, never the scene.

tests/data/seed_judgements.toml names, for a few seed articles, the sentences that state the
article's point and those that must never be in its summary (scene-setting, anecdote, questions,
headings), by short keys; the articles are read from ../shared/seeds at test time.
"""

import tomllib

import pytest
from judgements import JUDGEMENTS, flat, holding, judged_articles

from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.summariser import Summariser, Weights

JUDGED = len(tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))["article"])


@pytest.fixture
def judged(seeds_dir):
    return judged_articles(seeds_dir)


def test_every_key_names_whole_sentences_of_its_article(judged):
    """A key that no longer matches (the page splitter changed) would make the tests vacuous."""
    assert len(judged) == JUDGED >= 5
    tokenizer = Tokenizer()
    for item in judged:
        sentences = tuple(
            flat(s) for p in item.article.text.split("\n\n") for s in tokenizer.to_sentences(p)
        )
        for key in item.point + item.never:
            named = holding(sentences, (key,))
            assert named, (item.article.title, key)
            assert len(key.split()) <= 5 and all(len(key) < len(s) for s in named), key


@pytest.mark.parametrize("number", range(JUDGED))
def test_the_default_summary_states_the_point_and_never_the_scene(judged, number):
    item = judged[number]
    summary = Summariser().summarise(item.article.text, item.article.title)
    assert holding(summary, item.point), (item.article.title, summary)
    assert not holding(summary, item.never), (item.article.title, summary)


@pytest.mark.parametrize(
    "summariser",
    [Summariser(algorithm="lead"), Summariser(weights=Weights(analysis_words=None))],
    ids=["lead", "default read as news"],
)
def test_reading_the_opening_as_the_point_fails_the_judgement(judged, summariser):
    """The lead, or the default without its analysis reading, puts scene-setting in summaries."""
    failed = [
        item.article.title
        for item in judged
        if holding(summariser.summarise(item.article.text, item.article.title), item.never)
        or not holding(summariser.summarise(item.article.text, item.article.title), item.point)
    ]
    assert len(failed) >= 3, failed
