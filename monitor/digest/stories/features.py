"""What an article's title and lead say, as vectors: weighted terms and named entities (pure).

Terms are lower-case words less stop words, plurals folded, weighted by TF-IDF over the articles
compared together and scaled to unit length. Names are the capitalised words that do not open a
sentence (the title's first word included), and acronyms wherever they stand. Only terms and names
found in at least two articles are kept as columns: a word in one article adds nothing to a pair.
Months are the calendar months the passage dates something to ("in January", "1 February",
"March 2005"): a capitalised month name with a number or a time preposition next to it, so that
"Mrs May" or "May I" is no date.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from monitor.analysis.words import STOP_WORDS, WORD, fold
from monitor.digest.stories.items import StoryItem

# A word, and the mark before it when it opens a sentence.
MARKED_WORD = re.compile(rf"([.!?:;\"“”‘'(\n])?[ \t]*({WORD})")
MONTHS = tuple(
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
_MONTH = re.compile(
    r"(?:\b(?:in|last|next|since|until|from|by|of|early|late|mid|this|during)[\s-]+|\d\s*)"
    rf"({'|'.join(MONTHS)})\b|\b({'|'.join(MONTHS)})\s+\d"
)


@dataclass(frozen=True)
class Features:
    """Row i describes article i: ``terms`` unit TF-IDF rows, ``names`` name marks."""

    terms: np.ndarray  # (n, shared terms) float32, rows of unit length over all their terms
    names: np.ndarray  # (n, shared names) float32, 1 where the article names it
    months: np.ndarray  # (n, 12) float32, 1 where the article dates something to that month


def lead(item: StoryItem, words: int) -> str:
    """The title and the first ``words`` words of the text, as one passage."""
    head = " ".join(item.text.split(None, words)[:words])
    return f"{item.title.strip()}.\n{head}"


def terms_and_names(passage: str) -> tuple[list[str], set[str]]:
    """The passage's terms in order (stop words out), and its names (folded): capitalised words
    that do not open a sentence, and acronyms."""
    found, named = [], set()
    marked = MARKED_WORD.findall(passage)
    if marked and passage.lstrip(" \t").startswith(marked[0][1]):
        marked[0] = (".", marked[0][1])  # the passage's first word opens a sentence
    for mark, word in marked:
        term = fold(word)
        if term in STOP_WORDS or len(term) < 2:
            continue
        found.append(term)
        if word[0].isupper() and (word.isupper() or not mark):
            named.add(term)
    return found, named


def months(passage: str) -> set[int]:
    """The calendar months (0 for January) the passage dates something to."""
    return {MONTHS.index(m.group(1) or m.group(2)) for m in _MONTH.finditer(passage)}


def features(items: Sequence[StoryItem], lead_words: int) -> Features:
    """The term and name vectors of ``items``, weighted over these items."""
    passages = [lead(item, lead_words) for item in items]
    read = [terms_and_names(p) for p in passages]
    dated = np.zeros((len(items), len(MONTHS)), dtype=np.float32)
    for row, passage in enumerate(passages):
        dated[row, sorted(months(passage))] = 1.0
    return Features(_tfidf([Counter(t) for t, _ in read]), _name_marks([n for _, n in read]), dated)


def _tfidf(counts: list[Counter[str]]) -> np.ndarray:
    n = len(counts)
    df = Counter(t for c in counts for t in c)
    columns = {t: k for k, t in enumerate(t for t, d in df.items() if d > 1)}
    matrix = np.zeros((n, len(columns)), dtype=np.float32)
    for row, c in enumerate(counts):
        weights = {
            t: (1 + math.log(k)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, k in c.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for t, w in weights.items():
            if t in columns:
                matrix[row, columns[t]] = w / norm
    return matrix


def _name_marks(marks: list[set[str]]) -> np.ndarray:
    df = Counter(name for m in marks for name in m)
    columns = {name: k for k, name in enumerate(n for n, d in df.items() if d > 1)}
    matrix = np.zeros((len(marks), len(columns)), dtype=np.float32)
    for row, m in enumerate(marks):
        matrix[row, [columns[name] for name in m if name in columns]] = 1.0
    return matrix
