"""What an article's whole text says, in counted words (pure): read once, when the article is
analysed (in the analysis workers), and stored with it, so that a digest's story threading
(``monitor.digest.stories.body``) only weighs and compares them.

A word is a run of letters with inner apostrophes and hyphens; its *term* is the word folded
(lower case, no possessive, a plain plural made singular). ``Words`` keeps every term but stop
words and one-letter ones, with its count in the title and text together; the title's own; and
those written with a capital inside a sentence (a capital after a space that follows neither a
sentence's end nor an opening quotation mark or bracket), once for each time.

Stored as ``encode`` writes them: JSON, compressed, behind a version mark. Words stored by
another version read as None, and are counted again from the text.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections import Counter
from functools import lru_cache

from monitor.models import Words

#: A word: letters, with inner apostrophes and hyphens ("Kilroy-Silk", "Deutsche's").
WORD = r"[^\W\d_][^\W_]*(?:['’-][^\W\d_][^\W_]*)*"
STOP_WORDS = frozenset(
    """a about above after again against ago all also although am among an and another any are
    around as at away back be became because been before being below between both but by can
    could did do does doing done down during each either even ever every few first for from
    further get gets got had has have having he her here hers herself him himself his how however
    i if in into is it its itself just last late later least less like made make makes many may
    me might more most mr mrs ms much must my near never new next no nor not now of off often on
    once one only or other others our ours out over own per put said same say says see seen she
    should since so some still such than that the their theirs them themselves then there these
    they this those though three through thus to told too took two under until up upon us very
    was we week weeks well were what when where whether which while who whom whose why will with
    within without would year years yet you your""".split()  # noqa: SIM905 (a word list)
)
VERSION = "w1:"  # what ``encode`` writes first; change it when the counting changes
_WORD = re.compile(WORD)
# A capitalised word inside a sentence, after its space (a pattern that opens with a space is
# searched for spaces only: twice as fast as one opening with the look-behind). ``[^\W\d_a-z]``
# only skips most lower-case words early: ``isupper`` decides.
_INSIDE = re.compile(rf" (?<=[^\s.!?:;\"“”‘'(] )(?=[^\W\d_a-z])({WORD})")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word's term: lower case, no possessive, a plain plural made singular (cached: words
    repeat across articles)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def count_words(title: str, text: str) -> Words:
    """The article's ``Words``, in a few passes over the text (regular expressions and
    ``Counter`` do the work)."""
    title = title.strip()
    terms: dict[str, int] = {}
    for word, count in Counter(_WORD.findall(title) + _WORD.findall(text)).items():
        term = fold(word)  # each distinct spelling folded once
        if term not in STOP_WORDS and len(term) > 1:
            terms[term] = terms.get(term, 0) + count
    inside = _INSIDE.findall(title) + _INSIDE.findall(text)
    capitals = Counter(t for t in map(fold, [w for w in inside if w[0].isupper()]) if t in terms)
    titled = Counter(t for t in map(fold, _WORD.findall(title)) if t in terms)
    return Words(terms, dict(titled), dict(capitals))


def encode(words: Words) -> str:
    """``words`` as stored: the version mark, then JSON, compressed, in base64 (a third of its
    JSON's size)."""
    packed = json.dumps([words.terms, words.title, words.capitals], separators=(",", ":"))
    return VERSION + base64.b64encode(zlib.compress(packed.encode(), 1)).decode("ascii")


def decode(stored: str | None) -> Words | None:
    """The ``Words`` that ``encode`` stored; None for none, for another version's or for a
    damaged value (the words are then counted again)."""
    if not stored or not stored.startswith(VERSION):
        return None
    try:
        packed = zlib.decompress(base64.b64decode(stored[len(VERSION) :], validate=True))
        parts = json.loads(packed)
    except (binascii.Error, zlib.error, ValueError):
        return None
    if isinstance(parts, list) and len(parts) == 3 and all(isinstance(p, dict) for p in parts):
        return Words(*parts)
    return None
