"""What a whole article says: the names it is about and its other words, weighted over the
articles compared together (pure).

A running story told piece by piece (a company's court fight, a doping case) changes its words
from one piece to the next, but keeps its protagonists and its subject: two pieces share rare
names all through their text, and more of their other words than two pieces on one theme do.

- **Names** are the words that the articles compared together write with a capital inside a
  sentence more often than in lower case ("Yukos", "Kenteris", "LSE"; not "Budget" when most
  pieces write "budget"), counted in the title and the whole text, weighted by
  ``(1 + log count) * idf²`` so that one rare name outweighs several common ones, in unit rows.
- **Content** is every other word (stop words out, plurals folded), the title's words counted
  ``title_weight`` times, weighted by ``(1 + log count) * idf`` in unit rows, kept sparse: its
  cosine is only computed for the pairs whose names agree.

The inverse document frequency comes from the articles themselves: what is rare in this digest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from monitor.digest.stories.features import MARKED_WORD, STOP_WORDS, fold
from monitor.digest.stories.items import StoryItem

Terms = dict[str, float]


@dataclass(frozen=True)
class Body:
    """Row i describes article i."""

    names: np.ndarray  # (n, names in two articles or more) float32, unit rows over all names
    content: tuple[Terms, ...]  # the other words: term -> weight, unit length


@dataclass(frozen=True)
class _Read:
    """One article's words: every term with its count (the title's apart too), and how often
    each was written with a capital inside a sentence, or in lower case."""

    terms: dict[str, int]
    title: dict[str, int]
    capital: dict[str, int]
    lower: dict[str, int]


def body(items: Sequence[StoryItem], title_weight: float) -> Body:
    """The name rows and content vectors of ``items``, weighted over these items."""
    read = [_read(item) for item in items]
    capital, lower = _summed(r.capital for r in read), _summed(r.lower for r in read)
    is_name = {t for t, k in capital.items() if k > lower.get(t, 0)}
    names, content = [], []
    for r in read:
        own = r.capital  # what this article itself writes as a name is one here too
        names.append({t: k for t, k in r.terms.items() if t in is_name or t in own})
        counts = {t: float(k) for t, k in r.terms.items() if t not in is_name and t not in own}
        for t, k in r.title.items():
            if t in counts:
                counts[t] += (title_weight - 1) * k
        content.append(counts)
    return Body(_unit_rows(names, idf_power=2), tuple(_unit_terms(content)))


def cosine(a: Terms, b: Terms) -> float:
    """The cosine of two unit sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _read(item: StoryItem) -> _Read:
    """Each distinct spelling is looked at once: an article repeats its words."""
    title = item.title.strip()
    spelled = Counter(MARKED_WORD.findall(item.text))
    spelled.update(MARKED_WORD.findall(title))
    terms: dict[str, int] = {}
    capital: dict[str, int] = {}
    lower: dict[str, int] = {}
    for (mark, word), k in spelled.items():
        term = fold(word)
        terms[term] = terms.get(term, 0) + k
        if not word[0].isupper():
            lower[term] = lower.get(term, 0) + k
        elif not mark:
            capital[term] = capital.get(term, 0) + k
    for passage in (title, item.text):  # the first word opens a sentence too
        first = MARKED_WORD.match(passage)
        if first and not first.group(1) and capital.get(term := fold(first.group(2))):
            capital[term] -= 1
    kept = {t: k for t, k in terms.items() if t not in STOP_WORDS and len(t) > 1}
    titled: dict[str, int] = {}
    for _, word in MARKED_WORD.findall(title):
        if (term := fold(word)) in kept:
            titled[term] = titled.get(term, 0) + 1
    return _Read(kept, titled, {t: k for t, k in capital.items() if k > 0}, lower)


def _summed(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for c in counts:
        for t, k in c.items():
            total[t] = total.get(t, 0) + k
    return total


def _weights(rows: Sequence[Mapping[str, float]], idf_power: float) -> tuple[list[Terms], set[str]]:
    """Each row as ``(1 + log count) * idf ** idf_power``, in unit length; and the terms found
    in two rows or more (a term in one row adds nothing to a pair)."""
    df = Counter(t for row in rows for t in row)
    n = len(rows) + 1
    idf = {t: (math.log(n / (d + 1)) + 1) ** idf_power for t, d in df.items()}
    weighted = []
    for row in rows:
        w = {t: (1 + math.log(k) if k != 1 else 1.0) * idf[t] for t, k in row.items()}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        weighted.append({t: v / norm for t, v in w.items() if df[t] > 1})
    return weighted, {t for t, d in df.items() if d > 1}


def _unit_terms(rows: Sequence[Mapping[str, float]]) -> list[Terms]:
    return _weights(rows, 1.0)[0]


def _unit_rows(rows: Sequence[Mapping[str, float]], idf_power: float) -> np.ndarray:
    weighted, shared = _weights(rows, idf_power)
    columns = {t: k for k, t in enumerate(sorted(shared))}
    matrix = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for row, w in enumerate(weighted):
        matrix[row, [columns[t] for t in w]] = list(w.values())
    return matrix
