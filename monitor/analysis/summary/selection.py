"""Choosing a summary's sentences from a ranking: best first within the sentence count and the
word budget, skipping near-repeats, a dangling sentence only right after its antecedent.

Pure functions over the candidate sentences (``candidates.Sentence``) and their cosine matrix.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from monitor.analysis.summary.candidates import Sentence

REPEAT = 0.5  # cosine above which a sentence repeats one already chosen


def spread(pool: list[Sentence], limit: int) -> list[Sentence]:
    """The first half of ``limit`` sentences, then the rest sampled evenly to the end."""
    head = limit // 2
    rest = pool[head:]
    picks = np.linspace(0, len(rest) - 1, limit - head).round().astype(int)
    return pool[:head] + [rest[i] for i in sorted(set(picks.tolist()))]


def best_first(scores: np.ndarray) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def select(
    ranking: list[int],
    pool: list[Sentence],
    cosine: np.ndarray,
    count: int,
    max_words: int | None,
    dangling: Callable[[int], bool] | None,
) -> list[int]:
    """Best first, skipping repeats and sentences that would break the word budget.

    A dangling sentence ("However, ...") is taken only right after the sentence it follows,
    unless no other sentence can be taken at all. ``dangling(i)`` is asked only of sentences
    that would otherwise be taken (few, and the test is a costly one); None: take them anyway.
    """
    budget = max_words or float("inf")
    chosen: list[int] = []
    for strict in (dangling is not None, False):
        if chosen:
            break
        for i in ranking:
            if len(chosen) == count:
                return chosen
            words = sum(pool[j].words for j in chosen) + pool[i].words
            if i in chosen or words > budget or any(cosine[i, j] > REPEAT for j in chosen):
                continue
            if strict and not follows(pool, i, chosen) and dangling(i):
                continue
            chosen.append(i)
    return chosen


def follows(pool: list[Sentence], i: int, chosen: list[int]) -> bool:
    """Whether ``pool[i]`` opens the article or the sentence just before it is chosen."""
    if pool[i].index == 0:
        return True  # nothing before it was left out
    return i > 0 and i - 1 in chosen and pool[i - 1].index == pool[i].index - 1


def cut(sentence: str, max_words: int) -> str:
    """A sentence shortened to the word budget, marked as shortened."""
    return " ".join(sentence.split()[:max_words]) + " …"
