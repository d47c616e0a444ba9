"""The normalised terms of a sentence (lower case, stop words out, stemmed), with a word cache.

Words repeat a lot, within an article and across them, and NLTK's Snowball stemmer is pure
Python: each distinct word is looked up once (stop word or its stem) and remembered. The cache
is bounded: past ``limit`` words it starts again, so a long-running process stays flat.
A word the stemmer surely gives back unchanged is not even passed to it (``skipping_own_stems``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

CACHE_LIMIT = 200_000  # distinct words remembered (a few tens of MB at most)
# Every change NLTK's English Snowball stemmer makes to a word of lower-case ASCII letters and
# digits is to an ending it looks for in one of its steps, and each of those ends with one of
# these (step 1c's "y" too). Its other rewrites (apostrophes; a "y" read as a consonant, which
# it turns back at the end) leave such a word as it was.
_CHANGED_ENDINGS = (
    "anci", "ant", "ator", "e", "ed", "enci", "ent", "er", "ic", "ing", "ion", "ism", "iti",
    "l", "li", "ogi", "s", "y",
)  # fmt: skip


def is_own_stem(word: str) -> bool:
    """Whether NLTK's English Snowball stemmer surely gives the word back unchanged."""
    return word.isascii() and word.isalnum() and not word.endswith(_CHANGED_ENDINGS) and (
        word.islower() or word.isdigit()
    )


def skipping_own_stems(stem: Callable[[str], str]) -> Callable[[str], str]:
    """The English Snowball ``stem``, not called for a word that is its own stem."""

    def stem_unless_own(word: str) -> str:
        return word if is_own_stem(word) else stem(word)

    return stem_unless_own


class Terms:
    """``terms(sentence)`` == ``[stem(w.lower()) for w in to_words(sentence)
    if w.lower() not in stop_words]``, computed once per distinct word."""

    def __init__(
        self,
        stem: Callable[[str], str],
        stop_words: Collection[str],
        to_words: Callable[[str], Collection[str]],
        limit: int = CACHE_LIMIT,
    ) -> None:
        self._stem = stem
        self._stop_words = stop_words
        self._to_words = to_words
        self._limit = limit
        self._known: dict[str, str | None] = {}  # word as written -> its term (None: stop word)

    def __call__(self, sentence: str) -> list[str]:
        words = self._to_words(sentence)
        try:  # most sentences hold only words seen before: one pass
            return self._known_terms(words)
        except KeyError:
            self._learn(words)
            return self._known_terms(words)

    def _known_terms(self, words: Collection[str]) -> list[str]:
        """The terms of words all known (KeyError for the first one that is not)."""
        return [term for term in map(self._known.__getitem__, words) if term is not None]

    def _learn(self, words: Collection[str]) -> None:
        """Remember the term of each word not yet known."""
        known = self._known
        new = {word for word in words if word not in known}
        if len(known) + len(new) > self._limit:
            known.clear()  # start again, keeping this sentence's words
            new = set(words)
        for word in new:
            lowered = word.lower()
            known[word] = None if lowered in self._stop_words else self._stem(lowered)
