"""Where a digest item comes from, as a reader wants it (pure): the publication's name (never a
path), the link to the original, the date or "undated" with the day it was saved, reading time,
and a blogger's note when it says where the piece ran.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from monitor.models import StoredArticle
from monitor.names import printable, unstorable

#: Words a minute of an attentive reader of analysis (news is read faster, analysis slower).
READING_SPEED = 230
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])")
# "this time for RUSI", "This one for the Diplomat", "for a brand new outlet, the Oxus Society"
_OUTLET = re.compile(
    r"\b(?:for|in|at)\s+(?:a\s+[\w\s-]{0,30}?,\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w’'&.-]*|[A-Z]{2,})(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w’'&.-]*)*"
)
_PIECE = re.compile(
    r"\b(?:piece|article|post|op-?ed|column|essay|interview|podcast|paper|chapter|review|"
    r"commentary|report|wrote|written|writing|published|appeared|ran)\b",
    re.I,
)
NOTE_LIMIT = 240


@dataclass(frozen=True)
class Provenance:
    """What a reader needs to know of where an item comes from."""

    publications: tuple[str, ...]  # every publication it was seen in, the first shown first
    outlets: int  # how many distinct outlets carried it (a site's feeds, or a folder, are one)
    link: str | None  # the original, when known
    published: datetime | None  # None: undated
    saved: datetime  # when monitor first saw it (the day a page was saved, for an undated one)
    minutes: int  # reading time
    ran_in: str | None  # the blogger's note, when it says where the piece ran

    @property
    def publication(self) -> str:
        return self.publications[0] if self.publications else "unknown source"


def provenance(
    article: StoredArticle,
    feed_names: Mapping[str, str],
    folder_names: Mapping[str, str] = {},  # noqa: B006 (never changed)
    page_names: Mapping[str, str] = {},  # noqa: B006
) -> Provenance:
    names = tuple(
        dict.fromkeys(
            publication_of(s, feed_names, folder_names, page_names) for s in article.sources
        )
    )
    return Provenance(
        publications=names,
        outlets=len({outlet_of(source) for source in article.sources}),
        link=article.url,
        published=article.published,
        saved=article.first_seen,
        minutes=reading_minutes(article.length),
        ran_in=where_it_ran(article.note),
    )


def publication_of(
    source: str,
    feed_names: Mapping[str, str],
    folder_names: Mapping[str, str] = {},  # noqa: B006 (never changed)
    page_names: Mapping[str, str] = {},  # noqa: B006
) -> str:
    """A feed's name (``feed_names``: its configured name, else its own title), else its host;
    a saved page's folder's configured name, else the publication the page names itself
    (``page_names``), else the file's name without its folder (never a path)."""
    if _is_url(source):
        if feed_names.get(source):
            return feed_names[source]
        host = urlsplit(source).hostname or source
        return host.removeprefix("www.")
    page = PurePath(unstorable(source))
    for folder, name in folder_names.items():
        if page.is_relative_to(folder):
            return name
    return page_names.get(source) or printable(page.name)


def outlet_of(source: str) -> str:
    """What counts as one outlet: a site (all its feeds), or a folder of saved pages."""
    if _is_url(source):
        host = urlsplit(source).hostname or source
        return host.removeprefix("www.")
    return str(PurePath(unstorable(source)).parent)


def _is_url(source: str) -> bool:
    """Whether a source is a feed's or a page's address, not a saved page's path (a path that
    is not valid UTF-8 is stored in its ``file://`` form: ``names.storable``)."""
    return bool(_URL.match(source)) and unstorable(source) == source


def reading_minutes(words: int) -> int:
    return max(1, round(words / READING_SPEED))


def where_it_ran(note: str | None) -> str | None:
    """The sentence of a blogger's note that names where the piece ran, shortened; None when the
    note says nothing of the kind."""
    if not note:
        return None
    for sentence in _SENTENCE.split(" ".join(note.split())):
        if _OUTLET.search(sentence) and _PIECE.search(sentence):
            return _shortened(sentence)
    return None


def _shortened(sentence: str) -> str:
    if len(sentence) <= NOTE_LIMIT:
        return sentence
    cut = sentence[:NOTE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + " …"
