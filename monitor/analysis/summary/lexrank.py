"""LexRank with numpy: the same algorithm and numbers as sumy's ``LexRankSummarizer``.

Sentences are bags of normalised terms. Each sentence is a TF-IDF vector (term frequency divided
by the sentence's largest one; IDF ``log(N / (1 + n_t))`` with every sentence a document); two
sentences are linked when their cosine exceeds the threshold (0.1); each row of the link matrix
is divided by its degree; the power method (stop when the step is at most ``epsilon``) gives
each sentence's centrality. sumy does this with Python loops over every pair of sentences; here
it is a few sparse sums and matrix products, so a 15,000-word report costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

THRESHOLD = 0.1
EPSILON = 0.1


def cosine_matrix(sentences: Sequence[Sequence[str]]) -> np.ndarray:
    """The idf-modified cosine similarity of every pair of sentences (0 for an empty one).

    Norms use every term; the products only terms that two sentences or more share (a term of
    one sentence adds nothing off the diagonal). The products are summed sparsely: one
    (sentence, sentence, product) triple per pair of sentences sharing a term, added up with
    ``bincount``, so no dense sentence x term matrix is built.
    """
    ids: dict[str, int] = {}
    every = np.array([ids.setdefault(t, len(ids)) for terms in sentences for t in terms], np.intp)
    size, vocabulary = len(sentences), max(len(ids), 1)
    owner = np.repeat(np.arange(size), [len(terms) for terms in sentences])
    # one entry per (sentence, distinct term) pair, with how often the term is in the sentence
    pairs, times = np.unique(owner * vocabulary + every, return_counts=True)
    row, column, count = pairs // vocabulary, pairs % vocabulary, times.astype(float)
    largest = np.zeros(size)
    np.maximum.at(largest, row, count)
    df = np.bincount(column, minlength=len(ids))
    weight = count / largest[row] * np.log(size / (1.0 + df[column]))  # tf x idf, per entry
    norms = np.sqrt(np.bincount(row, weights=weight**2, minlength=size))
    shared = df[column] > 1
    unit = weight[shared] / np.where(norms > 0, norms, 1.0)[row[shared]]
    first, second = _pairs_sharing(column[shared])
    row = row[shared]
    cosine = np.bincount(
        row[first] * size + row[second], weights=unit[first] * unit[second], minlength=size * size
    ).reshape(size, size).astype(float, copy=False)  # float even when no term is shared
    np.fill_diagonal(cosine, np.where(norms > 0, 1.0, 0.0))
    return cosine


def _pairs_sharing(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair of entries (i, j) with the same column, as two index arrays."""
    order = np.argsort(column, kind="stable")
    ends = np.flatnonzero(np.diff(column[order])) + 1
    starts = np.concatenate(([0], ends))
    sizes = np.diff(np.concatenate((starts, [len(column)])))
    group_start = np.repeat(starts, sizes)  # per sorted entry: where its group starts
    group_size = np.repeat(sizes, sizes)
    first = np.repeat(np.arange(len(column)), group_size)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(group_size) - group_size, group_size)
    second = np.repeat(group_start, group_size) + offset
    return order[first], order[second]


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
