"""Which pairs of articles are linked under a ``StoryRule`` (pure, numpy, in row blocks).

Two kinds of link. A **lead link**: the titles and leads are close (``lead_links``). A **body
link**: the whole texts name the same protagonists and share enough other words
(``body_links``), as the pieces of a running story do when each tells another turn of it in other
words; a body link counts only when a third article is linked to both (``supported``): one
pair of pieces on the same subject (two evictions from one show, two results of one firm) is
not a story, three pieces that all hold together are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from monitor.digest.stories.body import Body, body, content, cosine
from monitor.digest.stories.features import Features, features
from monitor.digest.stories.items import StoryItem, StoryRule

BLOCK = 1024  # rows compared at once: a block's matrices stay a few MB at most
Pair = tuple[int, int]
Index = np.ndarray | slice  # the articles compared: their rows, or a slice of them (a view)


@dataclass(frozen=True)
class Signals:
    """What story threading compares, row i for article i: the title and lead (``lead``), the
    whole text (``body``)."""

    lead: Features
    body: Body


def signals(items: Sequence[StoryItem], rule: StoryRule, whole: bool = True) -> Signals:
    """The signals of ``items``; ``whole=False``: the lead's only (no body links wanted)."""
    empty = Body(np.zeros((len(items), 0), dtype=np.float32), (), Counter())
    return Signals(
        features(items, rule.lead_words), body(items, rule.title_weight) if whole else empty
    )


def lead_links(lead: Features, rows: Index, cols: Index, rule: StoryRule) -> np.ndarray:
    """Where (row, col) has a lead link, dates aside: the title-and-lead cosine reaches
    ``rule.strong``, or ``rule.similar`` with at least ``rule.names`` names in common; never
    when the leads date things to different months."""
    cosine_, shared, apart = scores(lead, rows, cols)
    close = (cosine_ >= rule.strong) | ((cosine_ >= rule.similar) & (shared >= rule.names))
    return close & ~apart


def body_links(found: Signals, rows: Index, cols: Index, rule: StoryRule) -> Iterable[Pair]:
    """The (row, col) pairs, row < col, with a body link, dates aside: name cosine at least
    ``rule.named`` and content cosine at least ``rule.related``; never when the leads date
    things to different months."""
    names, months = found.body.names, found.lead.months
    i, j = np.nonzero(names[rows] @ names[cols].T >= rule.named)
    everyone = np.arange(len(months))
    a, b = everyone[rows][i], everyone[cols][j]
    a, b = a[a < b], b[a < b]  # each pair once
    left, right = months[a], months[b]
    apart = ((left * right).sum(axis=1) == 0) & left.any(axis=1) & right.any(axis=1)
    vectors: dict[int, dict[str, float]] = {}
    for x, y in zip(a[~apart].tolist(), b[~apart].tolist(), strict=True):
        for row in (x, y):
            if row not in vectors:
                vectors[row] = content(found.body, row)
        if cosine(vectors[x], vectors[y]) >= rule.related:
            yield x, y


def link_pairs(found: Signals, dates: Sequence[datetime | None], rule: StoryRule) -> list[Pair]:
    """Every linked pair (i, j), i < j, among all the articles: the lead links, and the body
    links that a third article supports, all within ``rule.window_days``."""
    n = found.lead.terms.shape[0]
    lead: list[Pair] = []
    weak: list[Pair] = []
    for start in range(0, n, BLOCK):
        rows, everyone = slice(start, start + BLOCK), slice(None)  # views, not copies
        window = within_window(dates[rows], dates, rule.window_days)
        linked = lead_links(found.lead, rows, everyone, rule) & window
        i, j = np.nonzero(linked)
        lead.extend((a, b) for a, b in zip((i + start).tolist(), j.tolist(), strict=True) if a < b)
        weak.extend(
            (a, b)
            for a, b in body_links(found, rows, everyone, rule)
            if window[a - start, b] and not linked[a - start, b]
        )
    return lead + supported(lead, weak)


def supported(lead: Sequence[Pair], weak: Sequence[Pair]) -> list[Pair]:
    """The ``weak`` pairs whose two articles are both linked (by any link) to a third."""
    neighbours: dict[int, set[int]] = {}
    for a, b in (*lead, *weak):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return [(a, b) for a, b in weak if neighbours[a] & neighbours[b]]


def within_window(
    left: Sequence[datetime | None], right: Sequence[datetime | None], days: float
) -> np.ndarray:
    """Where two articles are close enough in time: either undated, or at most ``days`` apart."""
    a, b = _days(left), _days(right)
    gap = np.abs(a[:, None] - b[None, :])
    return np.isnan(gap) | (gap <= days)


def scores(features: Features, rows: Index, cols: Index) -> tuple[np.ndarray, ...]:
    """Term cosine, number of shared names, and months apart of every (row, col) pair.

    Months apart: both passages date something to a month, and to no month in common (this
    January's figures against November's: a recurring release, two events).
    """
    cosine_ = features.terms[rows] @ features.terms[cols].T
    shared = features.names[rows] @ features.names[cols].T
    left, right = features.months[rows], features.months[cols]
    dated_left, dated_right = np.any(left, axis=1), np.any(right, axis=1)
    apart = (left @ right.T == 0) & dated_left[:, None] & dated_right[None, :]
    return cosine_, shared, apart


def _days(dates: Sequence[datetime | None]) -> np.ndarray:
    return np.array(
        [d.timestamp() / 86400 if d is not None else np.nan for d in dates], dtype=np.float64
    )
