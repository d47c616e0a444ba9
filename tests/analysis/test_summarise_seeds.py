"""Summaries of the real seed pages: clean sentences of the article, never page chrome.

The seed text is read from ../shared/seeds at test time; nothing of it is copied here.
"""

from pathlib import Path

import pytest
from judgements import flaws

from monitor.analysis.summary.candidates import rejection
from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.summariser import Summariser, is_analysis
from monitor.sources.pages.split import split_text

CHROME = ("Connect with us", "Published", "Continue Reading", "Trending", "Copyright", "Latest")


def _articles(seeds: Path):
    for page in sorted(seeds.glob("*.txt")):
        yield from split_text(page.read_text(encoding="utf-8"), page.name)


@pytest.mark.parametrize("algorithm", ["default", "lexrank"])
def test_seed_summaries_hold_no_chrome_byline_or_caption(seeds_dir, algorithm):
    summariser = Summariser(algorithm=algorithm)
    articles = list(_articles(seeds_dir))
    assert len(articles) >= 4
    for article in articles:
        summary = summariser.summarise(article.text, article.title)
        assert summary, article.title
        assert sum(len(s.split()) for s in summary) <= 75
        for sentence in summary:
            assert rejection(sentence) is None, sentence
            assert not any(sentence.startswith(c) for c in CHROME), sentence
            assert not article.author or sentence.strip() != article.author.strip()
            assert sentence in article.text.replace("\n\n", " ") or sentence in article.text


def test_seed_summaries_stand_alone(seeds_dir):
    """No sentence that points back without its antecedent ("None of this", "It is here that"),
    describes a picture, states the article's own method, quotes a verse or is cut off."""
    summariser = Summariser()
    for article in _articles(seeds_dir):
        summary = summariser.summarise(article.text, article.title)
        analysis = is_analysis(article.text, summariser.weights)
        assert not flaws(summary, article.text, analysis), (article.title, summary)


def test_the_authors_bio_on_the_saved_page_is_rejected(seeds_dir):
    """Where a seed page carries an article author's bio, that sentence may never be chosen."""
    tokenizer = Tokenizer()
    bios = 0
    for page in sorted(seeds_dir.glob("*.txt")):
        raw = page.read_text(encoding="utf-8")
        authors = {a.author for a in split_text(raw, page.name) if a.author}
        for paragraph in raw.split("\n\n"):
            for sentence in tokenizer.to_sentences(" ".join(paragraph.split())):
                if any(f"{author} is a" in sentence for author in authors):
                    bios += 1
                    assert rejection(sentence) == "an author bio", sentence
    assert bios >= 1
