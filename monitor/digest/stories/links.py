"""Which pairs of articles are linked under a ``StoryRule`` (pure, numpy, in row blocks)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import numpy as np

from monitor.digest.stories.features import Features
from monitor.digest.stories.items import StoryRule

BLOCK = 1024  # rows compared at once: a block's matrices stay a few MB at most


def linked(cosine: np.ndarray, shared: np.ndarray, rule: StoryRule) -> np.ndarray:
    """Where a pair is linked, given its term cosine and how many names it shares."""
    return (cosine >= rule.strong) | ((cosine >= rule.similar) & (shared >= rule.names))


def within_window(
    left: Sequence[datetime | None], right: Sequence[datetime | None], days: float
) -> np.ndarray:
    """Where two articles are close enough in time: either undated, or at most ``days`` apart."""
    a, b = _days(left), _days(right)
    gap = np.abs(a[:, None] - b[None, :])
    return np.isnan(gap) | (gap <= days)


def scores(features: Features, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Term cosine and number of shared names of every (row, col) pair."""
    cosine = features.terms[rows] @ features.terms[cols].T
    shared = features.names[rows] @ features.names[cols].T
    return cosine, shared


def link_pairs(
    features: Features, dates: Sequence[datetime | None], rule: StoryRule
) -> Iterator[tuple[int, int]]:
    """Every linked pair (i, j), i < j, among all the articles."""
    n = features.terms.shape[0]
    everyone = np.arange(n)
    for start in range(0, n, BLOCK):
        rows = everyone[start : start + BLOCK]
        cosine, shared = scores(features, rows, everyone)
        links = linked(cosine, shared, rule)
        links &= within_window(dates[start : start + BLOCK], dates, rule.window_days)
        for i, j in zip(*np.nonzero(links), strict=True):
            if rows[i] < j:
                yield int(rows[i]), int(j)


def _days(dates: Sequence[datetime | None]) -> np.ndarray:
    return np.array(
        [d.timestamp() / 86400 if d is not None else np.nan for d in dates], dtype=np.float64
    )
