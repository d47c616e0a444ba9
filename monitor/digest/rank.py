"""Which items matter most (pure): more publications carrying a story, more recent, analysis
before notes; an undated page (a saved page of unknown age) never leads.

The score is a sum of small, explainable parts, so an order can be told in words:
- each further outlet that carried the story (a site's feeds, or a folder, are one): +1;
- recency: +1 for a piece dated within a day of the digest, falling to 0 at ``FRESH_DAYS``;
  an undated piece: ``UNDATED`` (below every dated one);
- kind: an analysis piece (``ANALYSIS_WORDS`` or more) +0.5; a short note (under
  ``NOTE_WORDS``, such as a blogger's "book update") -0.5.
"""

from __future__ import annotations

from datetime import datetime

from monitor.models import StoredArticle

FRESH_DAYS = 14
UNDATED = -1.0
ANALYSIS_WORDS = 800
NOTE_WORDS = 250


def importance(article: StoredArticle, outlets: int, now: datetime) -> float:
    return max(0, outlets - 1) + recency(article.published, now) + kind(article)


def recency(published: datetime | None, now: datetime) -> float:
    if published is None:
        return UNDATED
    age_days = max(0.0, (now - published).total_seconds() / 86400 - 1)
    return max(0.0, 1 - age_days / (FRESH_DAYS - 1))


def kind(article: StoredArticle) -> float:
    words = len(article.text.split())
    if words >= ANALYSIS_WORDS:
        return 0.5
    return -0.5 if words < NOTE_WORDS else 0.0
