"""Split a saved page into articles.

Layouts are pluggable: each is a pair of pure functions, ``recognises(paragraphs)`` and
``split(paragraphs, source)``, tried in the order of ``LAYOUTS``; the generic one-article layout
comes last. A new layout is a new entry in that tuple (or a ``layouts=`` argument): nothing else
changes. HTML pages go to trafilatura.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura

from monitor import blog, clean, magazine
from monitor.models import Article

log = logging.getLogger(__name__)

_MIN_WORDS = 40
_MIN_HTML_WORDS = 10
_MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Layout:
    """A page layout: its name, how to recognise it, how to split it."""

    name: str
    recognises: Callable[[Sequence[str]], bool]
    split: Callable[[Sequence[str], str], list[Article]]


LAYOUTS: tuple[Layout, ...] = (
    Layout(magazine.LAYOUT, magazine.recognises, magazine.split),
    Layout(blog.LAYOUT, blog.recognises, blog.split),
)


def split_text(text: str, source: str, layouts: Sequence[Layout] = LAYOUTS) -> list[Article]:
    """The articles of a saved text page, by the first layout that recognises it."""
    paras = clean.paragraphs(text)
    for layout in layouts:
        if layout.recognises(paras):
            return layout.split(paras, source)
    return one_article(paras, source)


def one_article(paras: Sequence[str], source: str) -> list[Article]:
    """Any other text: one article, titled by its first line; a warning if it is not one."""
    if not paras:
        log.warning("%s: no text; skipped", source)
        return []
    title, body = paras[0], clean.clean_paragraphs(paras[1:])
    words = sum(len(p.split()) for p in body)
    if words < _MIN_WORDS:
        log.warning("%s: does not look like an article (%d words of body)", source, words)
    if _looks_garbled(" ".join(paras)):
        log.warning("%s: text looks garbled (wrong encoding or binary?)", source)
    if not body:
        body = [title]
    return [
        Article(
            title=title[:_MAX_TITLE_CHARS], text="\n\n".join(body), source=source, layout="text"
        )
    ]


def split_html(html: str, source: str) -> list[Article]:
    """The main article of a saved HTML page and its metadata, extracted by trafilatura."""
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    if doc is None or len((getattr(doc, "text", None) or "").split()) < _MIN_HTML_WORDS:
        log.warning("%s: no article text found in the HTML page", source)
        return []
    title = (doc.title or "").strip()
    body = clean.clean_paragraphs(clean.paragraphs(doc.text.replace("\n", "\n\n")), doc.author)
    if body and body[0] == title:
        body = body[1:]
    if not body:
        log.warning("%s: the HTML page has no article text once cleaned", source)
        return []
    hints = tuple(
        dict.fromkeys(h.strip() for h in [*(doc.categories or []), *(doc.tags or [])] if h.strip())
    )
    return [
        Article(
            title=title or body[0][:_MAX_TITLE_CHARS],
            text="\n\n".join(body),
            source=source,
            layout="html",
            author=(doc.author or None),
            url=(doc.url or None),
            published=_iso_date(doc.date),
            hints=hints,
        )
    ]


def _iso_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _looks_garbled(text: str) -> bool:
    """Many replacement characters or control characters: a decode gone wrong."""
    bad = len(re.findall(r"[\ufffd\x00-\x08\x0e-\x1f]", text))
    return bad > max(3, len(text) // 100)
