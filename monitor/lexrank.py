"""LexRank with numpy: the same algorithm and numbers as sumy's ``LexRankSummarizer``.

Sentences are bags of normalised terms. Each sentence is a TF-IDF vector (term frequency divided
by the sentence's largest one; IDF ``log(N / (1 + n_t))`` with every sentence a document); two
sentences are linked when their cosine exceeds the threshold (0.1); each row of the link matrix
is divided by its degree; the power method (stop when the step is at most ``epsilon``) gives
each sentence's centrality. sumy does this with Python loops over every pair of sentences; here
it is a few matrix products, so a 15,000-word report costs milliseconds, not seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

THRESHOLD = 0.1
EPSILON = 0.1


def cosine_matrix(sentences: Sequence[Sequence[str]]) -> np.ndarray:
    """The idf-modified cosine similarity of every pair of sentences (0 for an empty one)."""
    vocabulary: dict[str, int] = {}
    for terms in sentences:
        for term in terms:
            vocabulary.setdefault(term, len(vocabulary))
    counts = np.zeros((len(sentences), len(vocabulary)))
    for row, terms in enumerate(sentences):
        for term in terms:
            counts[row, vocabulary[term]] += 1
    largest = counts.max(axis=1, keepdims=True) if vocabulary else np.ones((len(sentences), 1))
    tf = counts / np.where(largest > 0, largest, 1)
    df = (counts > 0).sum(axis=0)
    idf = np.log(len(sentences) / (1 + df))
    vectors = tf * idf
    norms = np.sqrt((vectors**2).sum(axis=1))
    unit = vectors / np.where(norms > 0, norms, 1)[:, None]
    cosine = unit @ unit.T
    cosine[norms == 0, :] = 0.0
    cosine[:, norms == 0] = 0.0
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
