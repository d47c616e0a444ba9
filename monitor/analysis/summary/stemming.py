"""English Snowball stems as NLTK's stemmer (through sumy) gives them, mostly computed in C.

NLTK's ``EnglishStemmer`` is pure Python and was a third of the summariser's time. PyStemmer is
the Snowball project's own C code as a wheel. Its English stemmer (Snowball 2.2, pinned: 3.0
changed the algorithm) gives the same stem as NLTK's for a word of lower-case ASCII letters,
except where NLTK departs from Snowball: "-ization"/"-izer" (NLTK keeps an "e": "realize"),
an "-ational" that is not the whole ending ("cessationally"), and "-ated"/"-ating" with no vowel
before ("bbcated": NLTK "bbcat", Snowball "bbcate"). Those words, and every word that is not
plain ASCII letters (apostrophes, hyphens, digits, accents), go to NLTK: the answers stay NLTK's.
``tests/analysis/test_stemming.py`` checks the rule against NLTK on every word of the
evaluation sets and on those words with every English suffix put on.
"""

from __future__ import annotations

from collections.abc import Callable

import Stemmer

_NLTK_ONLY_ENDINGS = ("ated", "ating", "atedly", "atingly")


def is_plain_for_c(word: str) -> bool:
    """Whether PyStemmer's English stemmer surely stems the (lower-case) word as NLTK's does."""
    return (
        word.isascii()
        and word.isalpha()
        and "iz" not in word
        and "ational" not in word
        and not word.endswith(_NLTK_ONLY_ENDINGS)
    )


def english_stemmer(eager: bool = False) -> Callable[[str], str]:
    """``stem(word)``: NLTK's English Snowball stem of a lower-case word. NLTK is imported at
    the first word that needs it (importing it costs more than a short article's summary), or
    now when ``eager``."""
    fast = Stemmer.Stemmer("english").stemWord
    exact: list[Callable[[str], str]] = [_nltk_stem()] if eager else []

    def stem(word: str) -> str:
        if is_plain_for_c(word):
            return fast(word)
        if not exact:
            exact.append(_nltk_stem())
        return exact[0](word)

    return stem


def _nltk_stem() -> Callable[[str], str]:
    from nltk.stem.snowball import EnglishStemmer

    return EnglishStemmer().stem
