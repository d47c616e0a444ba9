"""Split a saved page into articles: the magazine's layout, HTML pages, and any other text."""

from __future__ import annotations

import logging
import re

import trafilatura

from monitor.models import Article

log = logging.getLogger(__name__)

_END_MARKERS = frozenset({"Continue Reading", "Comments", "Publications", "Latest", "Trending"})
_CHROME = frozenset({"Connect with us"}) | _END_MARKERS
_MIN_WORDS = 40


def split_text(text: str, source: str) -> list[Article]:
    """The articles of a saved text page, by the first layout that recognises it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if _is_magazine(lines):
        return _split_magazine(lines, source)
    return _one_article(lines, source)


def split_html(html: str, source: str) -> list[Article]:
    """The main article of a saved HTML page, extracted by trafilatura."""
    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if doc is None or not getattr(doc, "text", None):
        log.warning("%s: no article text found in the HTML page", source)
        return []
    text = "\n\n".join(p.strip() for p in doc.text.split("\n") if p.strip())
    return [
        Article(
            title=(doc.title or "").strip() or text.split("\n", 1)[0][:120],
            text=text,
            source=source,
            layout="html",
            author=(doc.author or None),
            url=(doc.url or None),
        )
    ]


def _is_magazine(lines: list[str]) -> bool:
    return any(a == "Published" and b == "on" for a, b in zip(lines, lines[1:], strict=False))


def _split_magazine(lines: list[str], source: str) -> list[Article]:
    starts = [i for i in range(len(lines) - 1) if lines[i] == "Published" and lines[i + 1] == "on"]
    articles = []
    for n, at in enumerate(starts):
        head = _header(lines, at)
        limit = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = _body(lines[at + 2 : limit])
        if head is None or not body:
            continue
        section, title, author = head
        articles.append(
            Article(
                title=title,
                text="\n\n".join(_without_bio(body, author)),
                source=source,
                layout="magazine",
                author=author,
                hints=(section,),
            )
        )
    return articles


def _header(lines: list[str], at: int) -> tuple[str, str, str | None] | None:
    """(section, title, author) from the lines between the previous article and `Published`."""
    start = at
    while start > 0 and lines[start - 1] not in _CHROME and at - start < 3:
        start -= 1
    head = lines[start:at]
    if len(head) == 3:
        return head[0], head[1], head[2]
    if len(head) == 2:
        return head[0], head[1], None
    return None


def _body(lines: list[str]) -> list[str]:
    body = []
    for line in lines:
        if line in _END_MARKERS:
            break
        body.append(line)
    return body


def _without_bio(body: list[str], author: str | None) -> list[str]:
    if author and body:
        surname = author.split()[-1]
        if re.match(rf"^(Mr\.|Ms\.|Dr\.)?\s*[\w. ]*{re.escape(surname)}\b", body[-1]):
            return body[:-1]
    return body


def _one_article(lines: list[str], source: str) -> list[Article]:
    if not lines:
        return []
    title, body = lines[0], lines[1:]
    if sum(len(line.split()) for line in body) < _MIN_WORDS:
        log.warning("%s: does not look like an article (under %d words)", source, _MIN_WORDS)
    return [Article(title=title[:200], text="\n\n".join(body), source=source, layout="text")]
