"""An offline sentence and word tokenizer (no NLTK data needed), usable by sumy."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr vs etc inc ltd co corp no fig jan feb mar apr jun"
    " jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


class Tokenizer:
    """sumy-compatible tokenizer: ``to_sentences`` and ``to_words`` without downloaded data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        sentences: list[str] = []
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.start()].strip()
            if _ends_with_abbreviation(candidate):
                continue
            sentences.append(candidate)
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
        return tuple(s for s in sentences if s)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def _ends_with_abbreviation(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.split() else ""
    word = last.rstrip(".").lstrip("\"'“‘(").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
