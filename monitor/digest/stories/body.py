"""What a whole article says: the names it is about and its other words, weighted over the
articles compared together (pure).

A running story told piece by piece (a company's court fight, a doping case) changes its words
from one piece to the next, but keeps its protagonists and its subject: two pieces share rare
names all through their text, and more of their other words than two pieces on one theme do.

- **Names** are the words that the articles compared together write with a capital inside a
  sentence at least half the times they write them ("Yukos", "Kenteris", "LSE"; not "Budget"
  when most pieces write "budget"; a capital opening a sentence is no evidence either way),
  and in one article also those it writes so itself; counted in the title and the whole text,
  weighted by ``(1 + log count) * idf²`` so that one rare name outweighs several common ones,
  in unit rows.
- **Content** is every other word (stop words out, plurals folded), the title's words counted
  ``title_weight`` times, weighted by ``(1 + log count) * idf`` in unit rows, kept sparse: its
  cosine is only computed for the pairs whose names agree.

The inverse document frequency comes from the articles themselves: what is rare in this digest.
Each article's words are counted once, when it is analysed (``monitor.analysis.words``); an
article stored without them has them counted here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from monitor.analysis.words import count_words
from monitor.digest.stories.items import StoryItem

Terms = dict[str, float]


@dataclass(frozen=True)
class Body:
    """Row i describes article i: ``names``, and what ``content`` makes its content vector of
    (only when a pair's names agree: most articles never need one)."""

    names: np.ndarray  # (n, names in two articles or more) float32, unit rows over all names
    counts: tuple[dict[str, float], ...]  # the other words with their counts, title weighted
    df: Counter[str]  # in how many articles each of those words is one


def body(items: Sequence[StoryItem], title_weight: float) -> Body:
    """The name rows and content vectors of ``items``, weighted over these items."""
    read = [item.words or count_words(item.title, item.text) for item in items]
    capital: Counter[str] = Counter()
    for r in read:
        capital.update(r.capitals)
    written = dict.fromkeys(capital, 0)  # how often each of those is written, in any case
    for r in read:
        for t in capital.keys() & r.terms.keys():
            written[t] += r.terms[t]
    is_name = {t for t, k in capital.items() if 2 * k >= written[t]}
    names, content = [], []
    for r in read:
        own = r.capitals.keys()  # what this article itself writes as a name is one here too
        names.append({t: k for t, k in r.terms.items() if t in is_name or t in own})
        counts = {t: float(k) for t, k in r.terms.items() if t not in is_name and t not in own}
        for t, k in r.title.items():
            if t in counts:
                counts[t] += (title_weight - 1) * k
        content.append(counts)
    df = Counter(chain.from_iterable(content))
    return Body(_unit_rows(names, idf_power=2), tuple(content), df)


def content(found: Body, row: int) -> Terms:
    """Article ``row``'s content vector: ``(1 + log count) * idf``, unit length, without the
    terms no other article writes (they add nothing to a pair but their share of the length)."""
    n, df = len(found.counts) + 1, found.df
    weights = {
        t: (1 + math.log(k) if k != 1 else 1.0) * (math.log(n / (df[t] + 1)) + 1)
        for t, k in found.counts[row].items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items() if df[t] > 1}


def cosine(a: Terms, b: Terms) -> float:
    """The cosine of two unit sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


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


def _unit_rows(rows: Sequence[Mapping[str, float]], idf_power: float) -> np.ndarray:
    weighted, shared = _weights(rows, idf_power)
    columns = {t: k for k, t in enumerate(sorted(shared))}
    matrix = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for row, w in enumerate(weighted):
        matrix[row, [columns[t] for t in w]] = list(w.values())
    return matrix
