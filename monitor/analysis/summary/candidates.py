"""Which sentences of an article may appear in its summary, and which read badly on their own.

Pure functions over plain strings: a sentence is rejected outright when it is page furniture
(byline, caption, photo credit, author bio, "Read more", sharing prompts), a question to the
reader, a list item or the line that introduces a list, a fragment without an ending or cut off
by a feed's excerpt, very short or very long, or when it leans on what a summary's reader does
not have (``outside``: a figure, the article's own method, a prayer). A sentence inside a
quotation of several sentences is marked as such (``quotation``). A sentence that points back
at something (``dangling``) is allowed, but only after what it points at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from monitor.analysis.summary.outside import (
    describes_a_figure,
    is_cut_off,
    is_invocation,
    states_own_method,
)
from monitor.analysis.summary.quotation import Quotation, in_long_quotation


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MIN_WORDS = 6
MAX_WORDS = 55

_FURNITURE_OPENING = re.compile(
    r"(?i:by|written by|reporting by|additional reporting by|edited by)\s+[A-Z][\w'’-]+\s+[A-Z]"
    r"|(?i:photo|photograph|image|picture|video|watch|listen|credit|caption|source|updated"
    r"|published|posted)\s*(?::|(?i:by)\b)|(?i:watch (?:the|our) video|follow (?:us|him|her|@))"
)
_FURNITURE_PHRASES = (
    "read more", "continue reading", "click here", "subscribe now", "subscribe here",
    "subscribe to our", "sign up now", "sign up here", "sign up for our", "our newsletter",
    "share this article", "share this story", "all rights reserved", "getty images",
    "shutterstock", "photo credit", "image credit", "pictured above", "pictured below",
    "related article", "views expressed", "opinions expressed", "this article was originally",
    "click to enlarge", "tap to enlarge", "enlarge this image", "view larger image",
    "this article originally appeared", "this article first appeared", "©", "http://", "https://",
    "www.",
)  # fmt: skip


def _at_spaces(phrases: list[str]) -> re.Pattern[str]:
    """One pattern for phrases with a space, found anywhere (inside words too): from a space it
    reads the rest of a phrase, then looks back for the whole. A pattern opening with a space is
    found much faster than a substring test per phrase."""
    rests = (re.escape(p.split(" ", 1)[1]) + f"(?<={re.escape(p)})" for p in phrases)
    return re.compile(" (?:" + "|".join(rests) + ")")


_SPACED_PHRASES = _at_spaces([p for p in _FURNITURE_PHRASES if " " in p])
_UNSPACED_PHRASES = tuple(p for p in _FURNITURE_PHRASES if " " not in p)
_FURNITURE_MARKS = re.compile(
    r"copyright \d{4}|\b(?:photo|image|picture|credit)\s*:|[\w.+-]+@[\w-]+\.\w", re.IGNORECASE
)
_BIO = re.compile(
    r"^(?!(?:He|She|It|They|This|That)\b)(?:The author|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,9})"
    r"\s+(?:is|was|has been|serves as)\s+(?:currently\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,4}"
    r"(?i:author|writer|journalist|professor|fellow|researcher|editor|correspondent|analyst"
    r"|director|columnist|lecturer|contributor|scholar|student|expert|consultant|economist"
    r"|diplomat|historian|graduate|specialist)(?:[.,]|\s+(?:at|of|with|in|for|and|on|who|covering"
    r"|based|specialising|specializing|focusing|working)\b)",
)
_CAPTION = re.compile(
    r"^(?:an?|the)?\s*(?:file |undated |handout )?(?:screenshot|screen grab|photo|photograph"
    r"|image|picture|map|chart|graphic|infographic|illustration)(?![\w-])"
    r"(?! (?:is|was|shows?|showed))",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 15
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–—▪●]|\(?\d{1,2}[.)]\s)")
_ENDINGS = (".", "!", "…")
_CLOSERS = "\"'”’)]"


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with where it stands."""

    text: str
    index: int  # position among all sentences of the article
    paragraph: int  # which paragraph
    in_paragraph: int  # position inside its paragraph (0: the paragraph's first sentence)
    quotation: Quotation = None  # opens or continues a quotation of several sentences

    @property
    def words(self) -> int:
        return len(self.text.split())


def rejection(sentence: str) -> str | None:
    """Why a sentence may not be in a summary, or None when it may."""
    words = len(sentence.split())
    if words < MIN_WORDS:
        return "too short"
    if words > MAX_WORDS:
        return "too long"
    end = sentence.rstrip()
    if is_cut_off(end):
        return "cut off"
    if end.endswith("?"):
        return "a question"
    if end.endswith(":") or _LIST_ITEM.match(sentence):
        return "a list item"
    if not ends_a_sentence(end):
        return "no sentence ending"
    if sentence.lstrip("\"'“‘`(")[:1].islower():
        return "a fragment"
    if _is_furniture(sentence):
        return "page furniture"
    if _CAPTION.match(sentence) and words <= CAPTION_MAX_WORDS:
        return "a caption"
    if _BIO.match(sentence):
        return "an author bio"
    return _outside(sentence)


def _outside(sentence: str) -> str | None:
    """Why a sentence leans on something the summary's reader does not have, if it does."""
    if describes_a_figure(sentence):
        return "a figure description"
    if states_own_method(sentence):
        return "the article's own method"
    if is_invocation(sentence):
        return "a prayer or liturgy"
    return None


def ends_a_sentence(text: str) -> bool:
    """Whether the text ends with ``.``, ``!`` or ``…``, then perhaps closing quotes or brackets."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_ENDINGS)


def _is_furniture(sentence: str) -> bool:
    """Bylines, credits, prompts, links: cheap substring tests first, the patterns after."""
    lowered = sentence.lower()
    if any(map(lowered.__contains__, _UNSPACED_PHRASES)) or _SPACED_PHRASES.search(lowered):
        return True
    if _FURNITURE_OPENING.match(sentence.lstrip()):
        return True
    has_mark = "copyright" in lowered or ":" in lowered or "@" in lowered
    return has_mark and bool(_FURNITURE_MARKS.search(sentence))


def article_sentences(paragraphs: Iterable[list[str]]) -> Iterator[Sentence]:
    """Our ``Sentence`` values from each paragraph's sentences, skipping list paragraphs, with
    those that are part of a long quotation marked."""
    index = 0
    for number, body in enumerate(paragraphs):
        if body and in_list_paragraph(body[0]):
            index += len(body)
            continue
        quotation = in_long_quotation(body)
        for position, sentence in enumerate(body):
            yield Sentence(sentence, index, number, position, quotation[position])
            index += 1


def in_list_paragraph(paragraph: str) -> bool:
    """Whether a paragraph is an item of a list (bullet or number first)."""
    return bool(_LIST_ITEM.match(paragraph))
