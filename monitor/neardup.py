"""Near-duplicate detection: word shingles, MinHash signatures and LSH band keys (numpy).

A MinHash signature is ``PERMUTATIONS`` least hash values of a text's word shingles; two texts
agree on one position with a probability equal to the Jaccard similarity of their shingle sets.
Each signature is cut into ``BANDS`` bands of ``ROWS`` values, and a band is reduced to one
63-bit key. Keys are made for the whole text and for its lead (first ``LEAD_WORDS`` words), so a
truncated copy or a feed excerpt shares keys with the full article even when its Jaccard
similarity is low. The store indexes the keys: texts sharing a key are candidates, found by an
index lookup whatever the number of stored articles, and ``duplicate_rule`` confirms a candidate
exactly on the two texts. Thresholds were chosen with ``tests/bench/dedupe.py`` (see README).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from monitor.dedupe import normalise

SHINGLE_WORDS = 3
BANDS = 42
ROWS = 3
PERMUTATIONS = BANDS * ROWS
LEAD_WORDS = 60
#: Jaccard similarity of the shingle sets at or above which two texts are one article ...
JACCARD_THRESHOLD = 0.5
#: ... or the share of the smaller text's shingles found in the larger one (a truncated copy,
#: an excerpt, a copy wrapped in page chrome) ...
CONTAINMENT_THRESHOLD = 0.8
#: ... when the smaller text has at least this many shingles (a teaser line is not an article)
#: and the larger is at most this many times as long, unless both begin alike (an excerpt):
#: one article inside a page of many is not that page.
MIN_SHINGLES = 40
MAX_CONTAINER_RATIO = 2.5

_RANDOM = np.random.default_rng(20261129)  # fixed seed: keys must agree across runs
# Multiply-add-shift hashing (Dietzfelbinger): h(x) = ((a*x + b) mod 2**64) >> 32, a odd.
_A = _RANDOM.integers(1, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _RANDOM.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
_ROW_MIX = _RANDOM.integers(1, 1 << 63, size=ROWS, dtype=np.uint64) | np.uint64(1)
_SHIFT = np.uint64(32)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of the normalised text (quotes, dashes, case and punctuation folded away)."""
    return _WORD.findall(normalise(text))


def shingles(tokens: list[str]) -> set[str]:
    """The distinct runs of ``SHINGLE_WORDS`` words."""
    n = SHINGLE_WORDS
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def minhash(shingle_set: set[str]) -> np.ndarray:
    """The MinHash signature: per permutation, the least hash of a shingle (crc32, then
    multiply-add-shift)."""
    hashes = np.fromiter(
        (zlib.crc32(s.encode()) for s in shingle_set), dtype=np.uint64, count=len(shingle_set)
    )
    return ((np.outer(hashes, _A) + _B) >> _SHIFT).min(axis=0)


def _keys(shingle_set: set[str], first_band: int) -> list[tuple[int, int]]:
    """One 63-bit key per band: its ``ROWS`` values mixed (wrapping multiply-add)."""
    bands = minhash(shingle_set).reshape(BANDS, ROWS)
    keys = (bands * _ROW_MIX).sum(axis=1, dtype=np.uint64) >> np.uint64(1)
    return [(first_band + n, int(key)) for n, key in enumerate(keys)]


def band_keys(text: str) -> list[tuple[int, int]]:
    """(band, key) pairs of the whole text (bands 0..BANDS-1) and of its lead (the next BANDS);
    none for a text shorter than ``MIN_SHINGLES`` shingles, which only exact keys can match."""
    tokens = words(text)
    whole = shingles(tokens)
    if len(whole) < MIN_SHINGLES:
        return []
    keys = _keys(whole, 0)
    if len(tokens) > LEAD_WORDS:
        keys += _keys(shingles(tokens[:LEAD_WORDS]), BANDS)
    return keys


def duplicate_rule(first: str, second: str) -> str | None:
    """``"near_duplicate"`` (similar texts) or ``"containment"`` (one is a part of the other)
    when two texts are one article, else None; exact, on the two texts' shingle sets."""
    first_words, second_words = words(first), words(second)
    a, b = shingles(first_words), shingles(second_words)
    smaller, larger = sorted((len(a), len(b)))
    if smaller < MIN_SHINGLES:
        return None
    common = len(a & b)
    if common / (len(a) + len(b) - common) >= JACCARD_THRESHOLD:
        return "near_duplicate"
    if common / smaller < CONTAINMENT_THRESHOLD:
        return None
    if larger <= MAX_CONTAINER_RATIO * smaller or same_lead(first_words, second_words):
        return "containment"
    return None


def same_lead(first: list[str], second: list[str]) -> bool:
    """Whether two texts (as ``words``) begin alike: their leads are near-duplicates."""
    a, b = shingles(first[:LEAD_WORDS]), shingles(second[:LEAD_WORDS])
    return len(a & b) >= JACCARD_THRESHOLD * len(a | b)
