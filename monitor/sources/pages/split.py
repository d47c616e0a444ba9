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
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import trafilatura
from trafilatura.settings import Document

from monitor.models import Article
from monitor.sources import clean
from monitor.sources.pages import blog, magazine

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
            return with_page_hints(layout.split(paras, source), paras)
    return with_page_hints(one_article(paras, source), paras)


def with_page_hints(articles: list[Article], paras: Sequence[str]) -> list[Article]:
    """Every article of a tag or category archive with the archive's name among its hints: the
    blogger filed each post under it ("Posts Tagged 'Central Asia'")."""
    name = blog.archive_name(paras)
    if name is None:
        return articles
    return [replace(a, hints=tuple(dict.fromkeys((*a.hints, name)))) for a in articles]


def one_article(paras: Sequence[str], source: str) -> list[Article]:
    """Any other text: one article, titled by its first line; a warning if it is not one."""
    if not paras:
        log.warning("%s: no text; skipped", source)
        return []
    title, body = _title_of(paras[0]), clean.clean_paragraphs(paras[1:])
    words = sum(len(p.split()) for p in body)
    if words < _MIN_WORDS:
        log.warning("%s: does not look like an article (%d words of body)", source, words)
    if _looks_garbled(" ".join(paras)):
        log.warning("%s: text looks garbled (wrong encoding or binary?)", source)
    if not body:
        body = [title]
    return [Article(title=title, text="\n\n".join(body), source=source, layout="text")]


def _title_of(line: str) -> str:
    """A first line as a title: without Markdown heading marks, cut at a word if too long."""
    title = re.sub(r"^#+\s*", "", line).strip().strip("*_").strip()
    if len(title) <= _MAX_TITLE_CHARS:
        return title
    return title[: _MAX_TITLE_CHARS // 2].rsplit(" ", 1)[0] + "…"


def split_html(html: str, source: str, layouts: Sequence[Layout] = LAYOUTS) -> list[Article]:
    """The articles of a saved HTML page, extracted by trafilatura.

    A page whose text is recognised by a text layout is split by it: a saved archive or
    category page. The baseline text (every paragraph) is tried before the main text, which
    drops repeated short lines such as ``Published``. Anything else is one article with the
    page's metadata.
    """
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    data = doc.as_dict() if isinstance(doc, Document) else (doc or {})
    meta = _strings(data)
    if len(meta["text"].split()) < _MIN_HTML_WORDS:
        log.warning("%s: no article text found in the HTML page", source)
        return []
    paras = _as_paragraphs(meta["text"])
    for text in (_as_paragraphs(trafilatura.baseline(html)[1]), paras):
        for layout in layouts:
            if layout.recognises(text):
                return with_page_hints(layout.split(text, source), text)
    hints = _hints(data.get("categories"), data.get("tags"))
    return with_page_hints(_html_article(meta, hints, paras, source), paras)


def _as_paragraphs(extracted: str) -> list[str]:
    """trafilatura's text has one block per line."""
    return clean.paragraphs(extracted.replace("\n", "\n\n"))


def _html_article(
    meta: dict[str, str], hints: tuple[str, ...], paras: list[str], source: str
) -> list[Article]:
    title, author = meta["title"].strip(), meta["author"].strip() or None
    body = clean.clean_paragraphs(paras, author)
    if body and body[0] == title:
        body = body[1:]
    if not body:
        log.warning("%s: the HTML page has no article text once cleaned", source)
        return []
    return [
        Article(
            title=title or _title_of(body[0]),
            text="\n\n".join(body),
            source=source,
            layout="html",
            author=author,
            url=meta["url"] or None,
            published=_iso_date(meta["date"]),
            hints=hints,
        )
    ]


def _strings(doc: dict[str, object]) -> dict[str, str]:
    """The text fields of trafilatura's result, "" where missing."""
    keys = ("text", "title", "author", "url", "date")
    return {key: value if isinstance(value := doc.get(key), str) else "" for key in keys}


def _hints(*lists: object) -> tuple[str, ...]:
    """Categories then tags, each once: region hints."""
    names = [str(n).strip() for names in lists if isinstance(names, list) for n in names]
    return tuple(dict.fromkeys(n for n in names if n))


def _iso_date(value: str) -> datetime | None:
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
