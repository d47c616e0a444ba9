"""An offline sentence and word tokenizer (no NLTK data needed), usable by sumy.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis, after any closing quotes or brackets, when
the next word starts with a capital letter or a digit (after any opening quotes). The end is not
a sentence end after a title (``Mr.``, ``Dr.``), an initial (``J. K. Rowling``), ``No.`` before a
number, or an abbreviation such as ``U.S.`` or ``Jan.`` unless the next word usually starts a
sentence (``... in the U.S. The talks ...``). Decimals never contain a space, so never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Never end a sentence: a name or a number always follows them.
_TITLES = _words(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon st mt ft jr sr"
)
# Usually inside a sentence, but may end one: split only before a typical sentence opener.
_ABBREVIATIONS = _words(
    "vs etc inc ltd co corp dept est approx fig jan feb mar apr jun jul aug sep sept oct nov"
    " dec u.s u.k u.n u.s.a e.u e.g i.e a.m p.m"
)
_OPENERS = _words(
    "the a an he she it they we i you his her its their our this that these those there but"
    " and in at for after before when while if as so yet however meanwhile last on some many"
    " most one two three officials police"
)
# The end mark is read, not looked behind for: a pattern opening with a class is found faster.
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*(\s+)(?=[\"'“‘`(\[]*[A-Z0-9])")
_NEXT_WORD = re.compile(r"[\"'“‘`(\[]*([^\s\"'”’)\]]+)")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")  # _WORD on ASCII text, faster


class Tokenizer:
    """sumy-compatible tokenizer: ``to_sentences`` and ``to_words`` without downloaded data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        sentences: list[str] = []
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.start(1)].strip()
            if not _is_sentence_end(candidate, paragraph, match.end()):
                continue
            sentences.append(candidate)
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
        return tuple(s for s in sentences if s)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple((_ASCII_WORD if sentence.isascii() else _WORD).findall(sentence))

    def paragraphs(self, text: str) -> Iterator[list[str]]:
        """The sentences of each paragraph, as sumy's ``PlaintextParser`` reads the text.

        Paragraphs end at blank lines; a line all in capitals is a heading, left out here but
        still ending the run of lines before it. Gives what the parser's document would give
        (paragraph for paragraph, headings aside) without building sumy's objects.
        """
        lines: list[str | None] = []  # None: a heading
        for line in text.strip().splitlines():
            line = line.strip()
            if _is_heading(line):
                lines.append(None)
            elif not line and lines:
                yield self._paragraph(lines)
                lines = []
            elif line:
                lines.append(line)
        yield self._paragraph(lines)

    def _paragraph(self, lines: list[str | None]) -> list[str]:
        """The sentences of a paragraph's lines, read run by run between its headings."""
        sentences: list[str] = []
        run = ""
        for line in lines:
            if line is not None:
                run += " " + line
                continue
            if run:
                sentences += self.to_sentences(run)
            run = ""
        if run.strip():
            sentences += self.to_sentences(run.strip())
        return sentences


def _is_heading(line: str) -> bool:
    """A line all in upper case (sumy's rule: caseless letters, as in Chinese, are not)."""
    return line.isupper() and all(not c.isalpha() or c.isupper() for c in line)


def _next_word(text: str, at: int) -> str:
    match = _NEXT_WORD.match(text, at)
    return match.group(1) if match else ""


def _is_sentence_end(candidate: str, text: str, after: int) -> bool:
    """Whether the text before a possible boundary is a whole sentence, given the word after it
    (the next word of ``text`` from ``after``, read only when needed)."""
    if not candidate:
        return False
    last = candidate.rsplit(None, 1)[-1]
    if not last.endswith("."):
        return True  # "!", "?", "…" or a closing quote after them
    if last.endswith(".."):
        return True  # an ellipsis written with full stops
    word = last.rstrip(".").lstrip("\"'“‘([").lower()
    if word in _TITLES:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. K. Rowling"
    if word == "no":
        return not _next_word(text, after)[:1].isdigit()  # "No. 5"
    if word in _ABBREVIATIONS:
        return _next_word(text, after).lower() in _OPENERS
    return True
