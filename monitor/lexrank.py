"""LexRank with numpy: the same algorithm and numbers as sumy's ``LexRankSummarizer``.

Sentences are bags of normalised terms. Each sentence is a TF-IDF vector (term frequency divided
by the sentence's largest one; IDF ``log(N / (1 + n_t))`` with every sentence a document); two
sentences are linked when their cosine exceeds the threshold (0.1); each row of the link matrix
is divided by its degree; the power method (stop when the step is at most ``epsilon``) gives
each sentence's centrality. sumy does this with Python loops over every pair of sentences; here
it is a few matrix products, so a 15,000-word report costs milliseconds, not seconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

THRESHOLD = 0.1
EPSILON = 0.1


def cosine_matrix(sentences: Sequence[Sequence[str]]) -> np.ndarray:
    """The idf-modified cosine similarity of every pair of sentences (0 for an empty one).

    Norms use every term; the products only terms that two sentences or more share (a term of
    one sentence adds nothing off the diagonal), which keeps the matrix product small.
    """
    ids: dict[str, int] = {}
    rows, columns, counts = [], [], []  # one entry per (sentence, distinct term) pair
    for number, terms in enumerate(sentences):
        for term, times in Counter(terms).items():
            rows.append(number)
            columns.append(ids.setdefault(term, len(ids)))
            counts.append(times)
    size = len(sentences)
    row = np.array(rows, dtype=int)
    column = np.array(columns, dtype=int)
    count = np.array(counts, dtype=float)
    largest = np.zeros(size)
    np.maximum.at(largest, row, count)
    df = np.bincount(column, minlength=len(ids))
    weight = count / largest[row] * np.log(size / (1.0 + df[column]))  # tf x idf, per entry
    norms = np.sqrt(np.bincount(row, weights=weight**2, minlength=size))
    shared = df[column] > 1
    slot = np.cumsum(df > 1) - 1  # column of each shared term in ``vectors``
    vectors = np.zeros((size, int((df > 1).sum())))
    vectors[row[shared], slot[column[shared]]] = weight[shared]
    unit = vectors / np.where(norms > 0, norms, 1.0)[:, None]
    cosine = unit @ unit.T
    np.fill_diagonal(cosine, np.where(norms > 0, 1.0, 0.0))
    return cosine


def centrality(
    cosine: np.ndarray, threshold: float = THRESHOLD, epsilon: float = EPSILON
) -> np.ndarray:
    """LexRank scores from a cosine matrix: threshold the links, then the power method."""
    links = (cosine > threshold).astype(float)
    degrees = links.sum(axis=1)
    matrix = links / np.where(degrees > 0, degrees, 1)[:, None]
    count = len(matrix)
    scores = np.full(count, 1.0 / count)
    if not links.any():
        return scores
    step = 1.0
    while step > epsilon:
        following = matrix.T @ scores
        following /= np.linalg.norm(following)
        step = float(np.linalg.norm(following - scores))
        scores = following
    return scores


def lexrank(sentences: Sequence[Sequence[str]]) -> np.ndarray:
    """LexRank centrality of each sentence, given its normalised (stemmed, stop-free) terms."""
    if not sentences:
        return np.zeros(0)
    return centrality(cosine_matrix(sentences))
