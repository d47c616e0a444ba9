"""The merge policy: which version of one article is shown (pure functions).

One article, every source kept; shown: the longest clean text, the earliest date, a real URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor.identity import neardup
from monitor.identity.keys import canonical_url

#: A version continues another if it begins with the same this many words.
START_WORDS = 8


@dataclass(frozen=True)
class Version:
    """What the merge policy compares of one version of an article."""

    text: str
    published: datetime | None
    url: str | None


def replaces_text(stored: Version, new: Version, rule: str) -> bool:
    """Whether the new version's text (title, body, summary, regions) should replace the stored.

    A longer version that begins like the stored one continues it (the stored one was truncated,
    an excerpt, or edited) and replaces it; a longer one that begins otherwise is the same text
    wrapped in page chrome or given a new first line, and does not. A re-publication of the same
    item (same guid or URL) with as many words is an edit after publication and replaces it.
    """
    stored_words, new_words = neardup.words(stored.text), neardup.words(new.text)
    if len(new_words) > len(stored_words):
        return new_words[:START_WORDS] == stored_words[:START_WORDS]
    return rule in {"guid", "canonical_url"} and len(new_words) == len(stored_words)


def earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    """The earlier of two publication dates, either of which may be unknown."""
    known = [moment for moment in (first, second) if moment is not None]
    return min(known) if known else None


def provenance(
    stored: Version, published: datetime | None, url: str | None
) -> tuple[datetime | None, str | None]:
    """The date and web address to show once a copy (``published``, ``url``) of the stored
    version is seen: the earliest date, and a real address. The stored address stays unless
    only the copy has one, or the copy brings the earlier date: the address then goes with the
    date shown, in whatever order the copies come (feeds are stored as their polls finish)."""
    date = earliest(stored.published, published)
    copy_first = published is not None and date == published != stored.published
    addresses = (url, stored.url) if copy_first else (stored.url, url)
    return date, next((a for a in addresses if canonical_url(a) is not None), None)
