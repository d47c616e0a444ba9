"""The seed articles land where an analyst would file them.

The magazine pages are split with ``monitor.pages``; the blog archive's posts are cut out of the
page at their headings (so these tests do not depend on how the archive splitter evolves).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.regions.classifier import Classifier
from monitor.models import Article, Region
from monitor.sources.pages import split as pages

CA, SA, ME, OTHER = Region.CENTRAL_ASIA, Region.SOUTH_ASIA, Region.MIDDLE_EAST, Region.OTHER
ARCHIVE = "003_0e9ff9dc36822e50.txt"

# title prefix -> (expected primary, regions that must be among the regions, regions that must not)
MAGAZINE = {
    "The Afghan intelligence services": (SA, {SA}, {CA, ME}),
    "Balochistan": (SA, {SA}, {CA}),
    "The Conference on Libya": (ME, {ME}, {CA, SA}),
    "The Russian Mafia": (OTHER, set(), {CA, SA, ME}),
    "AI, Foreign Policy": (OTHER, set(), {CA, SA, ME}),
    "Using the Organization for Security": (OTHER, set(), {CA, SA, ME}),
    "Central Asian Jihadists": (CA, {CA}, set()),
    "Central Asian Jihadi Groups Joined Taliban": (None, {CA, SA}, set()),
    "Tackling the Illicit Drug Trade": (CA, {CA}, {ME}),
}

# the archive's post headings, in page order, and their filing
POSTS = [
    ("Central Asia and Afghanistan: Old Fears, Old Actors, New Games", CA, {CA, SA}),
    ("What does China see in the Shanghai Cooperation Organisation?", CA, {CA}),
    ("China’s Afghanistan Challenge and the Central Asian Dilemma", None, {CA, SA}),
    ("Raffaello Pantucci on China’s Presence in South Asia", SA, {SA}),
    ("Wooing Central Asia, over Covid", CA, {CA}),
    ("Not-So-Hidden Dragon: China Reveals Its Claws in Central Asian Security", CA, {CA}),
    ("Central Asian fighters in Syria and Afghanistan", CA, {CA, ME}),
    ("China’s Non-Intervention in Afghanistan", SA, {SA}),
]


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def _magazine_articles(seeds: Path) -> list[Article]:
    found = []
    for path in sorted(seeds.glob("*.txt")):
        if path.name != ARCHIVE:
            found += pages.split_text(path.read_text(encoding="utf-8"), str(path))
    return found


def _posts(seeds: Path) -> list[tuple[str, str]]:
    lines = (seeds / ARCHIVE).read_text(encoding="utf-8").splitlines()
    starts = [lines.index(title) for title, _, _ in POSTS] + [len(lines)]
    return [
        (lines[start], "\n".join(lines[start + 1 : end]))
        for start, end in zip(starts, starts[1:], strict=False)
    ]


@pytest.mark.parametrize("prefix", list(MAGAZINE))
def test_magazine_articles_are_filed_as_an_analyst_would(seeds_dir, classifier, prefix):
    primary, required, excluded = MAGAZINE[prefix]
    articles = [a for a in _magazine_articles(seeds_dir) if a.title.startswith(prefix)]
    assert articles, f"no seed article titled {prefix!r}"
    for article in articles:
        result = classifier.classify(article.title, article.text, article.hints)
        if primary is not None:
            assert result.primary is primary, result.evidence[:8]
        assert required <= set(result.regions), result.evidence[:8]
        assert not excluded & set(result.regions), result.evidence[:8]


def test_archive_posts_are_filed_as_an_analyst_would(seeds_dir, classifier):
    wrong = []
    for (title, text), (_, primary, required) in zip(_posts(seeds_dir), POSTS, strict=True):
        result = classifier.classify(title, text)
        if (primary is not None and result.primary is not primary) or not required <= set(
            result.regions
        ):
            wrong.append((title, result.primary.value, [r.value for r in result.regions]))
    assert not wrong


def test_every_seed_article_carries_evidence_for_its_regions(seeds_dir, classifier):
    for article in _magazine_articles(seeds_dir):
        result = classifier.classify(article.title, article.text, article.hints)
        evidenced = {e.region for e in result.evidence}
        assert set(result.regions) <= evidenced
