"""LexRank with numpy: the same algorithm and numbers as sumy's ``LexRankSummarizer``.

Sentences are bags of normalised terms. Each sentence is a TF-IDF vector (term frequency divided
by the sentence's largest one; IDF ``log(N / (1 + n_t))`` with every sentence a document); two
sentences are linked when their cosine exceeds the threshold (0.1); each row of the link matrix
is divided by its degree; the power method (stop when the step is at most ``epsilon``) gives
each sentence's centrality. sumy does this with Python loops over every pair of sentences; here
it is a few matrix products, so a 15,000-word report costs milliseconds, not seconds.
"""

from __future__ import annotations

import math
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
    vectors = [_tf(terms) for terms in sentences]
    df = Counter(term for tf in vectors for term in tf)
    idf = {term: math.log(len(sentences) / (1 + n)) for term, n in df.items()}
    norms = np.array([math.sqrt(sum((f * idf[t]) ** 2 for t, f in tf.items())) for tf in vectors])
    shared = {term: n for n, term in enumerate(t for t, count in df.items() if count > 1)}
    cells = [
        (row, shared[term], f * idf[term])
        for row, tf in enumerate(vectors)
        for term, f in tf.items()
        if term in shared
    ]
    weights = np.zeros((len(sentences), len(shared)))
    if cells:
        rows, columns, values = zip(*cells, strict=True)
        weights[list(rows), list(columns)] = values
    safe = np.where(norms > 0, norms, 1.0)
    unit = weights / safe[:, None]
    cosine = unit @ unit.T
    np.fill_diagonal(cosine, np.where(norms > 0, 1.0, 0.0))
    return cosine


def _tf(terms: Sequence[str]) -> dict[str, float]:
    """Term frequencies divided by the sentence's largest one."""
    counts = Counter(terms)
    largest = max(counts.values(), default=1)
    return {term: count / largest for term, count in counts.items()}


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
