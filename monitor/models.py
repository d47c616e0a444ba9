"""The values that flow between monitor's stages.

Frozen dataclasses only; this module imports nothing from ``monitor`` so every stage can use it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


class Region(enum.StrEnum):
    """A digest section. ``OTHER`` is where an article in none of the three regions goes."""

    CENTRAL_ASIA = "central_asia"
    SOUTH_ASIA = "south_asia"
    MIDDLE_EAST = "middle_east"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Region.CENTRAL_ASIA: "Central Asia",
    Region.SOUTH_ASIA: "South Asia",
    Region.MIDDLE_EAST: "Middle East",
    Region.OTHER: "Other",
}

#: The order of sections in a digest.
REGION_ORDER: tuple[Region, ...] = (
    Region.CENTRAL_ASIA,
    Region.SOUTH_ASIA,
    Region.MIDDLE_EAST,
    Region.OTHER,
)


@dataclass(frozen=True)
class Article:
    """One article as a source yields it: a post split from a saved page, or a feed item.

    ``text`` is the cleaned body: plain text, paragraphs separated by a blank line, with no
    page chrome, captions, credits, bios or footnotes.
    """

    title: str
    text: str
    source: str  # where it was seen: a file path or a feed URL
    layout: str  # what produced it: "magazine", "blog", "html", "text", "feed", ...
    author: str | None = None
    url: str | None = None
    guid: str | None = None
    published: datetime | None = None  # timezone-aware when known
    hints: tuple[str, ...] = ()  # section line or feed categories: region hints
    note: str | None = None  # a blogger's note introducing the post; not article text


@dataclass(frozen=True)
class Evidence:
    """One term that counted for a region, how often it occurred and what it contributed."""

    term: str
    region: Region
    count: int
    weight: float


@dataclass(frozen=True)
class Classification:
    """Where an article belongs: a primary region (``OTHER`` when none) and every region."""

    primary: Region
    regions: tuple[Region, ...]  # primary first; empty when primary is OTHER
    evidence: tuple[Evidence, ...] = ()

    def evidence_by_region(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{region: {term: {"count": n, "weight": w}}}``, the JSON shape of the evidence."""
        out: dict[str, dict[str, dict[str, float]]] = {}
        for item in self.evidence:
            out.setdefault(item.region.value, {})[item.term] = {
                "count": item.count,
                "weight": round(item.weight, 3),
            }
        return out


OTHER_ONLY = Classification(primary=Region.OTHER, regions=())


@dataclass(frozen=True)
class Words:
    """An article's terms (stop words and one-letter terms out) with their counts in its title
    and text; the title's with theirs; those written with a capital inside a sentence, with how
    many times."""

    terms: dict[str, int]
    title: dict[str, int]
    capitals: dict[str, int]


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store holds it: the best version, every place it was seen, analysis."""

    id: int
    title: str
    text: str
    layout: str
    author: str | None
    url: str | None
    published: datetime | None
    first_seen: datetime
    sources: tuple[str, ...]
    summary: tuple[str, ...]
    classification: Classification
    note: str | None = None
    digest_id: int | None = None
    duplicate_rules: Mapping[str, str] = field(default_factory=dict)  # source -> rule matched
    words: Words | None = None  # its text's counted words (None: stored without them)

    @cached_property
    def length(self) -> int:
        """Its text's length in words (split at white space), counted once."""
        return len(self.text.split())


@dataclass(frozen=True)
class Identity:
    """The keys that say two articles are the same one, strongest first."""

    guid: str | None
    canonical_url: str | None
    fingerprint: str
    bands: tuple[tuple[int, int], ...] = ()  # LSH (band, key) pairs, see identity.neardup
    text: str = ""  # to confirm a near-duplicate candidate on


@dataclass(frozen=True)
class Analysis:
    """What ingest computed for a new article (or a better version) before storing it."""

    identity: Identity
    summary: tuple[str, ...]
    classification: Classification
    words: str | None = None  # the text's counted words, encoded (``analysis.words``)


@dataclass(frozen=True)
class StoredVersion:
    """What the store holds of one article's shown version, for identity to decide on."""

    title: str
    text: str
    fingerprint: str
    hints: tuple[str, ...]
    published: datetime | None
    url: str | None
    digested: bool


@dataclass(frozen=True)
class Candidates:
    """What the store holds that a new article may be (``Queries.match_candidates``): the
    stored article with the strongest of its exact keys (kind, id, shown version), else the
    near-duplicate candidates (id, fingerprint of its text; most shared band keys first)."""

    exact: tuple[str, int, StoredVersion] | None
    near: tuple[tuple[int, str], ...] = ()
