"""Which sentences of a paragraph are someone else's words: inside a long quotation, or mostly
a verbatim quote.

Pure functions over plain strings. A quotation that runs over several sentences (a verse, a
statement, a prayer quoted from a primary source) is read by the quotation marks: every sentence
from the one that opens it to the one that closes it is inside. A quote opened and never closed
in the paragraph is a typo unless the paragraph opens with it (the convention for a quotation
that runs on into the next paragraph). A straight mark opens after a space and closes after a
word or a stop; between two letters, or after a plural's "s", it is an apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

_OPEN, _CLOSE = "“", "”"
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
# Single quotes too, where a quote mark is not an apostrophe (no letter on its outer side).
_ANY_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|(?<!\w)['‘].*?['’](?!\w)")
_MARK = re.compile(r"[\"“”'‘’]")
_DOUBLE = re.compile(r"[\"“”]")  # a long quotation is read by these only: in one-paragraph
# texts a single mark misread (an apostrophe, a quote within a quote) would mislead the rest
Quotation = Literal["opens", "continues"] | None
MOSTLY = 0.6  # share of the words inside quotation marks that makes a sentence a quote
QUOTE_WORDS = 8  # and at least so many words quoted


def in_long_quotation(sentences: list[str]) -> list[Quotation]:
    """For each sentence of a paragraph, whether it opens a quotation of two or more sentences,
    continues one, or neither (None)."""
    spans = list(_open_at_ends(sentences))  # (a quote is open at its start, at its end)
    if spans and spans[-1][1] and not _opens(sentences[0]):
        closing = [n for n, (before, after) in enumerate(spans) if before and not after]
        spans = spans[: closing[-1] + 1] if closing else []  # an unclosed quote is a typo
        spans += [(False, False)] * (len(sentences) - len(spans))
    return ["continues" if before else "opens" if after else None for before, after in spans]


def _open_at_ends(sentences: list[str]) -> Iterator[tuple[bool, bool]]:
    """Whether a quotation is open where each sentence starts and where it ends (a sentence
    that closes a quotation it never opened goes on with one from before)."""
    open_quote = False
    for sentence in sentences:
        before = open_quote
        for _, opening in _marks(sentence, _DOUBLE):
            if not opening and not open_quote:
                before = True
            open_quote = opening
        yield before, open_quote


def _marks(text: str, marks: re.Pattern[str] = _MARK) -> Iterator[tuple[int, bool]]:
    """Where each quotation mark of the text is, and True where it opens a quotation, False
    where it closes one; apostrophes ("it's", "the boys' team") are left out."""
    for mark in marks.finditer(text):
        at, char = mark.start(), mark.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if before.isalnum() and (after.isalnum() or char in "'’"):
            continue  # an apostrophe, or a plural's possessive
        if char in "“‘”’":
            yield at, char in "“‘"
        else:
            yield at, not before.isalnum() and before not in ".,!?;:…" and not after.isspace()


def _opens(sentence: str) -> bool:
    """Whether the sentence opens with a quotation mark."""
    return sentence.lstrip()[:1] in "\"“'‘"


def mostly_quoted(sentence: str) -> bool:
    """Whether most of the sentence's words are inside quotation marks."""
    quoted = sum(len(match.split()) for match in _QUOTED.findall(sentence))
    return quoted >= QUOTE_WORDS and quoted >= MOSTLY * len(sentence.split())


def outside_quotes(sentence: str) -> str:
    """The sentence without its quoted words: quotations closed inside it, and the part after
    a lone opening mark or before a lone closing one (a quotation that runs across sentences).
    """
    rest = _ANY_QUOTED.sub(" ", sentence)
    for at, opening in _marks(rest):
        if opening:
            return rest[:at]  # opens a quotation that runs on
        return outside_quotes(rest[at + 1 :])  # closes one that ran on from before
    return rest
