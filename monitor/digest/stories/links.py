"""Which pairs of articles are linked under a ``StoryRule`` (pure, numpy, in row blocks)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import numpy as np

from monitor.digest.stories.features import Features
from monitor.digest.stories.items import StoryRule

BLOCK = 1024  # rows compared at once: a block's matrices stay a few MB at most


def linked(
    cosine: np.ndarray, shared: np.ndarray, apart: np.ndarray, rule: StoryRule
) -> np.ndarray:
    """Where a pair is linked, given its term cosine, how many names it shares and whether it is
    dated to different months."""
    close = (cosine >= rule.strong) | ((cosine >= rule.similar) & (shared >= rule.names))
    return close & ~apart


def within_window(
    left: Sequence[datetime | None], right: Sequence[datetime | None], days: float
) -> np.ndarray:
    """Where two articles are close enough in time: either undated, or at most ``days`` apart."""
    a, b = _days(left), _days(right)
    gap = np.abs(a[:, None] - b[None, :])
    return np.isnan(gap) | (gap <= days)


def scores(
    features: Features, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term cosine, number of shared names, and months apart of every (row, col) pair.

    Months apart: both passages date something to a month, and to no month in common (this
    January's figures against November's: a recurring release, two events).
    """
    cosine = features.terms[rows] @ features.terms[cols].T
    shared = features.names[rows] @ features.names[cols].T
    left, right = features.months[rows], features.months[cols]
    apart = (left @ right.T == 0) & left.any(axis=1)[:, None] & right.any(axis=1)[None, :]
    return cosine, shared, apart


def link_pairs(
    features: Features, dates: Sequence[datetime | None], rule: StoryRule
) -> Iterator[tuple[int, int]]:
    """Every linked pair (i, j), i < j, among all the articles."""
    n = features.terms.shape[0]
    everyone = np.arange(n)
    for start in range(0, n, BLOCK):
        rows = everyone[start : start + BLOCK]
        links = linked(*scores(features, rows, everyone), rule)
        links &= within_window(dates[start : start + BLOCK], dates, rule.window_days)
        for i, j in zip(*np.nonzero(links), strict=True):
            if rows[i] < j:
                yield int(rows[i]), int(j)


def _days(dates: Sequence[datetime | None]) -> np.ndarray:
    return np.array(
        [d.timestamp() / 86400 if d is not None else np.nan for d in dates], dtype=np.float64
    )
