"""The magazine's page layout: several articles, each ``category / title / [author] / Published /
on / [date] / body`` (or ``Published on <date>`` on one line), then sidebars (``Publications``,
``Latest`` teasers, ``Trending``, copyright)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from monitor.models import Article
from monitor.sources import clean

log = logging.getLogger(__name__)

LAYOUT = "magazine"

#: Paragraphs after which nothing belongs to the article any more.
_STOPS = frozenset(
    s.casefold()
    for s in ("Continue Reading", "Comments", "Publications", "Latest", "Trending", "Related")
)
_MARKER = re.compile(r"^published on(\s+(?P<date>(?=.*\d).{4,40}))?$", re.IGNORECASE)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y")
_NAME_PARTICLE = frozenset({"de", "da", "di", "del", "van", "von", "der", "bin", "ibn", "al", "la"})
_NOT_NAME_WORD = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to", "with"})
_MAX_HEADER_CHARS = 250
_MAX_SECTION_WORDS = 4


@dataclass(frozen=True)
class _Header:
    section: str | None
    title: str
    author: str | None
    start: int  # index of the header's first paragraph


def recognises(paras: Sequence[str]) -> bool:
    """A page with at least one ``Published`` / ``on`` marker."""
    return bool(_markers(_joined_markers(paras)))


def split(page: Sequence[str], source: str) -> list[Article]:
    """Every article of the page; sidebars and teasers are never articles."""
    paras = _joined_markers(page)
    markers = _markers(paras)
    headers = [_header(paras, at) for at in markers]
    articles = []
    for n, (at, head) in enumerate(zip(markers, headers, strict=True)):
        if head is None:
            log.warning("%s: an article marker at paragraph %d has no title; skipped", source, at)
            continue
        limit = next((h.start for h in headers[n + 1 :] if h is not None), len(paras))
        published, body_start = _date_after(paras, at)
        body = clean.clean_paragraphs(_until_stop(paras[body_start:limit]), head.author)
        if not body:
            log.warning("%s: article %r has no body; skipped", source, head.title)
            continue
        articles.append(
            Article(
                title=head.title,
                text="\n\n".join(body),
                source=source,
                layout=LAYOUT,
                author=head.author,
                published=published,
                hints=(head.section,) if head.section else (),
            )
        )
    return articles


def _joined_markers(paras: Sequence[str]) -> list[str]:
    """The page with each ``Published`` / ``on`` pair as one ``Published on`` paragraph."""
    out: list[str] = []
    for para in paras:
        if out and out[-1].casefold() == "published" and para.casefold() == "on":
            out[-1] = "Published on"
        else:
            out.append(para)
    return out


def _markers(paras: Sequence[str]) -> list[int]:
    return [i for i, para in enumerate(paras) if _MARKER.match(para)]


def _header(paras: Sequence[str], at: int) -> _Header | None:
    """Section, title and author: the header-like paragraphs just before ``Published``."""
    start = at
    while start > 0 and at - start < 3 and _is_header_line(paras[start - 1]):
        start -= 1
    head = list(paras[start:at])
    if len(head) == 3 and not looks_like_name(head[2]):
        head, start = head[1:], start + 1  # the first line ends the previous article
    if len(head) == 3:
        return _Header(_section(head[0]), head[1], _author(head[2]), start)
    if len(head) == 2 and len(head[0].split()) > _MAX_SECTION_WORDS and looks_like_name(head[1]):
        return _Header(None, head[0], _author(head[1]), start)  # no category: title, author
    if len(head) == 2:
        return _Header(_section(head[0]), head[1], None, start)
    if len(head) == 1:
        return _Header(None, head[0], None, start)
    return None


def _section(line: str) -> str | None:
    """A category line is a few words; anything longer is the end of something else."""
    return line if len(line.split()) <= _MAX_SECTION_WORDS else None


def _author(line: str) -> str:
    return re.sub(r"^by\s+", "", line.strip(), flags=re.IGNORECASE)


def _is_header_line(para: str) -> bool:
    text = para.strip()
    return (
        len(text) <= _MAX_HEADER_CHARS
        and not text.endswith((".", ";", ","))
        and not clean.is_chrome(text)
        and clean.bare(text) not in _STOPS
        and not _MARKER.match(text)
    )


def looks_like_name(line: str) -> bool:
    """A person's name (or two): a few capitalised words, no digits or sentence punctuation."""
    text = line.strip()
    if not 3 <= len(text) <= 80 or re.search(r"[\d:;!?“”\"()]", text):
        return False
    words = re.split(r"\s+|,\s*", text.replace(" and ", ", ").replace(" & ", ", "))
    words = [w for w in words if w]
    if not 2 <= len(words) <= 8:
        return False
    return all(
        w[0].isupper()
        and w.casefold() not in _NOT_NAME_WORD
        or w.casefold() in _NAME_PARTICLE
        or w.casefold().startswith("al-")
        for w in words
    )


def _date_after(paras: Sequence[str], at: int) -> tuple[datetime | None, int]:
    """The publication date (on the marker line or the line after it) if there is one, and
    where the body starts."""
    inline = _MARKER.match(paras[at])
    if inline and inline.group("date"):
        return _date(inline.group("date")), at + 1
    if at + 1 < len(paras) and (moment := _date(paras[at + 1])) is not None:
        return moment, at + 2
    return None, at + 1


def _date(text: str) -> datetime | None:
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(plain, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _until_stop(paras: Sequence[str]) -> list[str]:
    body = []
    for para in paras:
        if clean.bare(para) in _STOPS or clean.is_teaser_time(para) or clean.is_copyright(para):
            break
        body.append(para)
    return body
