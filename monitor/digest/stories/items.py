"""The values story threading works on: an article as it needs it, and the matching rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor.models import Words

Id = int | str


@dataclass(frozen=True)
class StoryItem:
    """One article as story threading sees it, independent of the store.

    ``text`` is its body: its opening (``StoryRule.lead_words``) makes the lead; ``words`` are
    the whole text's (``monitor.analysis.words``; counted from ``text`` when None). ``sources``
    is how many sources carried it.
    """

    id: Id
    title: str
    text: str
    published: datetime | None = None  # published, else first seen; None when unknown
    sources: int = 1
    words: Words | None = None
    length: int | None = None  # the text's words (split at white space); counted when None


@dataclass(frozen=True)
class StoryRule:
    """When two articles tell one story.

    Two articles have a *lead link* when the cosine of their title-and-lead term vectors (the
    title and the first ``lead_words`` words) reaches ``strong``, or reaches ``similar`` while
    they share at least ``names`` named entities. They have a *body link* when their whole texts
    name the same protagonists (the cosine of their name vectors, rare names weighing most,
    reaches ``named``) and say enough of the same other words (the cosine of their content
    vectors, the title's words counted ``title_weight`` times, reaches ``related``); a body link
    counts only when a third article is linked to both. Never linked: articles whose leads date
    things to different months with none in common (one monthly release, two months), and
    dated articles more than ``window_days`` apart; undated ones are not held apart by time.

    A group is a connected set of links, built by average link: the two parts with the highest
    share of linked pairs across them are merged while the links across number at least
    ``bridge`` times the size of the smaller part. A running story reported piece by piece (a
    trial, a doping case) is a chain, each piece linked to the next, and stays one group; one
    pair between two stories of three or more pieces each does not chain them together.
    An earlier article is followed (``find_follows``) when at least ``cohesion`` of the group's
    articles have a lead link to it.

    The defaults are set for precision (a digest must not mix two events) on labelled BBC
    business and politics articles, and checked on entertainment, sport and tech;
    ``tests/bench/stories.py`` measures them.
    """

    strong: float = 0.8
    similar: float = 0.45
    names: int = 2
    cohesion: float = 0.3
    bridge: float = 0.5
    named: float = 0.4
    related: float = 0.25
    title_weight: float = 3.0
    window_days: float = 14.0
    lead_words: int = 120
