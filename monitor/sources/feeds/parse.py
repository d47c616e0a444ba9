"""Feed bytes into articles (pure): feedparser gets bytes and lower-case headers, never a URL.

Feed HTML is untrusted: every title, author and body leaves here as plain text, links only as
http(s) URLs. Bodies lose captions, credits, bios (``monitor.clean``) and the "appeared first
on" footer. Run ``parse_feed`` under a time and memory limit (``monitor.isolate``): some real
feeds keep feedparser busy for a minute or make it take a gigabyte.
"""

from __future__ import annotations

import calendar
import html as html_lib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
import trafilatura

from monitor.models import Article
from monitor.sources.clean import clean_paragraphs

_DROP = ("script", "style", "noscript", "figure", "figcaption", "iframe", "object", "embed",
         "form", "template", "svg", "math", "head", "title")
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "pre", "tr", "table", "section", "article", "dd", "dt", "hr"})
_FOOTER = re.compile(r"^The post .{1,400} appeared first on .{1,200}$", re.DOTALL)
_EXCERPT_END = re.compile(r"(\[(?:&#8230;|…|\.\.\.)\]|\[…\]|…|\.\.\.|Read more\W*)\s*$", re.I)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|(\d{1,20}));")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>?")
MAX_TEXT = 200_000  # characters of body kept per article
MAX_ITEMS = 1000  # items read from one feed document (the first ones: feeds list newest first)
_MIN_EXCERPT_WORDS = 120  # a body shorter than this without content:encoded is an excerpt


@dataclass(frozen=True)
class FeedItem:
    article: Article
    excerpt_only: bool  # the feed carries only a teaser: fetch the page for the full text


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: tuple[FeedItem, ...]
    ttl_minutes: int | None = None
    problem: str | None = None  # feedparser's complaint about ill-formed input, if any
    skipped: int = 0  # entries beyond MAX_ITEMS or with neither a title nor a text


class NotAFeed(ValueError):
    """The bytes are not a feed (HTML page, error message, binary, empty)."""


def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    source: str,
    category: str | None = None,
    max_items: int = MAX_ITEMS,
) -> ParsedFeed:
    """The articles of the feed in ``body`` (served from ``source`` with ``headers``)."""
    if not body.strip():
        raise NotAFeed("empty response")
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", source)
    try:
        parsed = _parse(body, response_headers)
    except (UnicodeError, ValueError):  # e.g. &#xD800; makes feedparser raise (feedparser#599)
        parsed = _parse(_CHAR_REF.sub(_valid_char_ref, body), response_headers)
    problem = _problem(parsed)
    if not parsed.entries and not parsed.get("version"):
        syntax = f" ({problem})" if problem and "NonXMLContentType" not in problem else ""
        raise NotAFeed(f"no RSS, Atom or RDF feed in the response{syntax}")
    items, skipped = [], max(len(parsed.entries) - max_items, 0)
    for entry in parsed.entries[:max_items]:
        item = _item(entry, source, category)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    return ParsedFeed(
        title=html_to_text(parsed.feed.get("title", "")),
        items=tuple(items),
        ttl_minutes=_ttl(parsed.feed.get("ttl")),
        problem=problem,
        skipped=skipped,
    )


def _parse(body: bytes, response_headers: Mapping[str, str]) -> Any:
    """feedparser without its HTML sanitizer and link rewriting: every HTML value becomes plain
    text here (``html_to_text`` drops scripts, styles, frames and embeds with their content) and
    every digest format escapes it, so those passes only cost time (a third of the parse) and
    left script source in the text."""
    return feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _valid_char_ref(match: re.Match[bytes]) -> bytes:
    """A character reference kept if it names a valid character, else U+FFFD."""
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    valid = code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
    return match.group(0) if valid else "\ufffd".encode()


def page_text(body: bytes, url: str) -> str | None:
    """The main text of an article page (trafilatura), paragraphs separated by a blank line."""
    text = trafilatura.extract(body, url=url, include_comments=False, include_tables=False)
    if not text:
        return None
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n") if p.strip())[:MAX_TEXT]


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}"[:300] if exc else "ill-formed feed"


def _item(entry: Any, source: str, category: str | None) -> FeedItem | None:
    full = _full_content(entry)
    body = full if full is not None else entry.get("summary", "")
    author = html_to_text(entry.get("author", ""))[:200] or None
    text = "\n\n".join(clean_paragraphs(_paragraphs(body).split("\n\n"), author))
    title = html_to_text(entry.get("title", ""))[:500]
    if not title and not text:
        return None
    url = safe_link(entry.get("link"), source)
    hints = tuple(dict.fromkeys(_tags(entry) + ((category,) if category else ())))
    article = Article(
        title=title or text.split("\n", 1)[0][:120],
        text=text[:MAX_TEXT],
        source=source,
        layout="feed",
        author=author,
        url=url,
        guid=_guid(entry.get("id"), source) or url,
        published=_published(entry),
        hints=hints,
    )
    excerpt_only = full is None and url is not None and _looks_like_excerpt(body, text)
    return FeedItem(article, excerpt_only)


def _full_content(entry: Any) -> str | None:
    """The longest ``content`` value (content:encoded, atom:content), if the entry has one."""
    values = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    return max(values, key=len) if values else None


def _looks_like_excerpt(raw: str, text: str) -> bool:
    return bool(_EXCERPT_END.search(raw.strip())) or len(text.split()) < _MIN_EXCERPT_WORDS


def _tags(entry: Any) -> tuple[str, ...]:
    terms = (html_to_text(t.get("term") or t.get("label") or "") for t in entry.get("tags", []))
    return tuple(t[:100] for t in terms if t)


def _guid(guid: Any, source: str) -> str | None:
    """The entry id; a bare id (not a URL) is scoped by the feed's host so sites cannot collide."""
    if not isinstance(guid, str) or not guid.strip():
        return None
    guid = guid.strip()[:1000]
    if urlsplit(guid).scheme:
        return guid
    return f"{urlsplit(source).hostname or source}#{guid}"


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _ttl(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None


def safe_link(link: Any, base: str) -> str | None:
    """``link`` made absolute against ``base``, if it is an http(s) URL; else None."""
    if not isinstance(link, str) or not link.strip() or len(link) > 2000:
        return None
    try:
        url = urljoin(base, link.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username:
        return None
    return url


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs joined by one space (for titles, names)."""
    return " ".join(_paragraphs(html).split())


def _paragraphs(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line, no markup left."""
    if not html or not html.strip():
        return ""
    plain = "<" not in html and "&" not in html
    blocks = html.split("\n\n") if plain else _html_blocks(html)
    kept = [" ".join(b.split()) for b in blocks]
    return "\n\n".join(b for b in kept if b and not _FOOTER.match(b))


def _html_blocks(html: str) -> list[str]:
    marker = "\ue000"  # a private-use character marks block boundaries
    html = _NOT_XML.sub("", html.replace(marker, ""))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return [html_lib.unescape(_TAG.sub(" ", html))]
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = marker + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = marker + (element.text or "")
    text = root.text_content().replace("\u00a0", " ")
    return [b for b in text.split(marker) if b.strip()]
