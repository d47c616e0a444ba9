"""The values story threading works on: an article as it needs it, and the matching rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

Id = int | str


@dataclass(frozen=True)
class StoryItem:
    """One article as story threading sees it, independent of the store.

    ``text`` is what the reader is shown of it (the summary) or its body: only its opening
    (``StoryRule.lead_words``) is read. ``sources`` is how many sources carried it.
    """

    id: Id
    title: str
    text: str
    published: datetime | None = None  # published, else first seen; None when unknown
    sources: int = 1


@dataclass(frozen=True)
class StoryRule:
    """When two articles tell one story.

    Two articles are linked when the cosine of their title-and-lead term vectors (the title and
    the first ``lead_words`` words) reaches ``strong``, or reaches ``similar`` while they share at
    least ``names`` named entities. Dated articles more than ``window_days`` apart are never
    linked; undated ones are not held apart by time. A group is a connected set of links, split
    by average link so that any two parts of it have at least ``cohesion`` of the pairs across
    them linked: one strong pair does not chain two events together.

    The defaults are set for precision (a digest must not mix two events) on labelled BBC
    business and politics articles; ``tests/bench/stories.py`` measures them.
    """

    strong: float = 0.8
    similar: float = 0.45
    names: int = 2
    cohesion: float = 0.3
    window_days: float = 14.0
    lead_words: int = 120
