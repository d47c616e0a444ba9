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
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from monitor.identity.keys import normalise

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
#: Shingles hashed at once: the block's work array (0.5 MiB per thread, reused) stays in the
#: processor's cache, where a whole long text's would not (a quarter faster).
BLOCK_COLUMNS = 512
_REUSED = threading.local()
_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"\w+", re.ASCII)  # the same words in an ASCII text, 1.3x faster
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every ASCII byte that is not a word character (\w) becomes a space, other bytes stay.
_SPACED = bytes(
    byte if byte >= 0x80 or _WORD.fullmatch(chr(byte)) else ord(" ") for byte in range(256)
)


def words(text: str) -> list[str]:
    """The words of the normalised text (quotes, dashes, case and punctuation folded away)."""
    folded = normalise(text)
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


def encoded_words(text: str) -> list[bytes]:
    """``words`` in UTF-8, split 3x faster than by the expression: every non-ASCII character
    that is not a word character ("£" of "£5") becomes a space, then the UTF-8 bytes are split
    at every ASCII byte that is not a word character: each piece is a maximal run of word
    characters."""
    folded = normalise(text)
    if not folded.isascii():
        for char in set(_NON_ASCII.findall(folded)):
            if not _WORD.match(char):  # a lone surrogate too: UTF-8 cannot encode it
                folded = folded.replace(char, " ")
    return folded.encode().translate(_SPACED).split()


def shingles(tokens: list[str]) -> set[str]:
    """The distinct runs of ``SHINGLE_WORDS`` words."""
    runs = zip(*(tokens[k:] for k in range(SHINGLE_WORDS)), strict=False)  # the last ones end
    return set(map(" ".join, runs))


def minhash(shingle_set: set[str]) -> np.ndarray:
    """The MinHash signature: per permutation, the least hash of a shingle (crc32, then
    multiply-add-shift), as ``band_keys`` computes it on the encoded shingles."""
    hashes = np.fromiter(
        (zlib.crc32(s.encode()) for s in shingle_set), dtype=np.uint64, count=len(shingle_set)
    )
    return _signature(hashes)


def _signature(hashes: np.ndarray) -> np.ndarray:
    """Per permutation, the least multiply-add-shift hash of ``hashes`` (repeats change nothing:
    the least of a multiset is the least of its set), a block of columns at a time."""
    least = None
    for start in range(0, len(hashes), BLOCK_COLUMNS):
        block = hashes[start : start + BLOCK_COLUMNS]
        products = np.multiply(_A[:, None], block, out=_products(len(block)))  # wraps mod 2**64
        products += _B[:, None]
        found = products.min(axis=1)
        least = found if least is None else np.minimum(least, found, out=least)
    if least is None:  # no shingle: every permutation's least is the largest value
        least = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    return least >> _SHIFT  # the shift keeps order: min, then shift


def _products(n: int) -> np.ndarray:
    """A (PERMUTATIONS, n) array to compute in, reused by the thread: a new one would be mapped
    and zeroed by the system at every call, which takes as long as the arithmetic."""
    if not hasattr(_REUSED, "products"):
        _REUSED.products = np.empty((PERMUTATIONS, BLOCK_COLUMNS), dtype=np.uint64)
    return _REUSED.products[:, :n]


def _keys(hashes: np.ndarray, first_band: int) -> list[tuple[int, int]]:
    """One 63-bit key per band: its ``ROWS`` values mixed (wrapping multiply-add)."""
    bands = _signature(hashes).reshape(BANDS, ROWS)
    keys = (bands * _ROW_MIX).sum(axis=1, dtype=np.uint64) >> np.uint64(1)
    return list(zip(range(first_band, first_band + BANDS), keys.tolist(), strict=True))


def band_keys(text: str) -> list[tuple[int, int]]:
    """(band, key) pairs of the whole text (bands 0..BANDS-1) and of its lead (the next BANDS);
    none for a text shorter than ``MIN_SHINGLES`` shingles, which only exact keys can match."""
    tokens = encoded_words(text)
    runs = list(map(b" ".join, zip(*(tokens[k:] for k in range(SHINGLE_WORDS)), strict=False)))
    if not _has_min_shingles(runs):
        return []
    # per position, repeats kept (they change no least value): the lead's shingles come first
    hashes = np.fromiter(map(zlib.crc32, runs), dtype=np.uint64, count=len(runs))
    keys = _keys(hashes, 0)
    if len(tokens) > LEAD_WORDS:
        keys += _keys(hashes[: LEAD_WORDS - SHINGLE_WORDS + 1], BANDS)
    return keys


def _has_min_shingles(runs: list[bytes]) -> bool:
    """Whether ``MIN_SHINGLES`` of the shingles are distinct (mostly seen in the first few)."""
    return any(len(set(runs[:most])) >= MIN_SHINGLES for most in (4 * MIN_SHINGLES, len(runs)))


def duplicate_rule(first: str, second: str) -> str | None:
    """``"near_duplicate"`` (similar texts) or ``"containment"`` (one is a part of the other)
    when two texts are one article, else None; exact, on the two texts' shingle sets."""
    return shingled(first).rule(shingled(second))


def shingled(text: str) -> Shingled:
    """The text's words and runs, to check it against any number of others."""
    tokens = tuple(encoded_words(text))
    return Shingled(tokens, _runs(tokens))


@dataclass(frozen=True)
class Shingled:
    """A text's words and its runs of ``SHINGLE_WORDS`` words (tuples: as distinct as the
    shingles, and 1.5x faster to make), made once for every candidate it is checked against."""

    words: tuple[bytes, ...]  # encoded_words
    runs: frozenset[tuple[bytes, ...]]

    def rule(self, other: Shingled) -> str | None:
        """``duplicate_rule`` of the two texts."""
        a, b = self.runs, other.runs
        smaller, larger = sorted((len(a), len(b)))
        if smaller < MIN_SHINGLES:
            return None
        common = len(a & b)
        if common / (len(a) + len(b) - common) >= JACCARD_THRESHOLD:
            return "near_duplicate"
        if common / smaller < CONTAINMENT_THRESHOLD:
            return None
        if larger <= MAX_CONTAINER_RATIO * smaller or same_lead(self.words, other.words):
            return "containment"
        return None


Token = TypeVar("Token", str, bytes)  # a word of ``words`` or of ``encoded_words``


def _runs(tokens: Sequence[Token]) -> frozenset[tuple[Token, ...]]:
    """The distinct runs of ``SHINGLE_WORDS`` words: ``shingles`` without joining them (a word
    has no space, so two runs are equal exactly when their shingles are)."""
    return frozenset(zip(*(tokens[k:] for k in range(SHINGLE_WORDS)), strict=False))


def same_lead(first: Sequence[Token], second: Sequence[Token]) -> bool:
    """Whether two texts (as ``words`` or ``encoded_words``) begin alike: their leads are
    near-duplicates."""
    a, b = _runs(first[:LEAD_WORDS]), _runs(second[:LEAD_WORDS])
    return len(a & b) >= JACCARD_THRESHOLD * len(a | b)
