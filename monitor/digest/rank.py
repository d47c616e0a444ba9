"""Which items matter most (pure): more publications carrying a story, more recent, analysis
before notes; an undated page (a saved page of unknown age) never leads.

The score is a sum of small, explainable parts, so an order can be told in words:
- each further outlet that carried the story (a site's feeds, or a folder, are one): +1;
- recency: +1 for a piece dated within a day of the digest, falling to 0 at ``FRESH_DAYS``;
  an undated piece: ``UNDATED`` (below every dated one);
- kind: an analysis piece (``ANALYSIS_WORDS`` or more) +0.5; a note -0.5: a post whose title
  announces something ("Book update: ...", "New piece: ...", "Podcast: ..."), or a short one
  (under ``NOTE_WORDS``) that speaks in the first person singular ("I will post a longer
  reaction..."). Shortness alone says nothing: a feed's excerpt of an analysis (WordPress cuts
  one at 55 words) is as short as a note.
"""

from __future__ import annotations

import re
from datetime import datetime

from monitor.analysis.summary.quotation import outside_quotes
from monitor.models import StoredArticle

FRESH_DAYS = 14
UNDATED = -1.0
ANALYSIS_WORDS = 800
NOTE_WORDS = 250
# A title that announces: a label, then a colon or a dash ("New piece: ...", "Podcast – ...";
# "new piece" and its kind may say where: "New piece for Dawn: ...").
_ANNOUNCES = re.compile(
    r"^\W*(?:(?:(?:a|my|our) )?new (?:piece|article|paper|post|op-ed|commentary|report|book"
    r"|chapter|episode|publication)s?(?: (?:for|in|at|on|with) [^:–—]{1,40}?)?"
    r"|book (?:update|news|launch|out)|podcast|video|webinar|upcoming events?|event|update"
    r"|announcement|reminder|out now|just out|call for (?:papers|proposals|applications)"
    r"|slides|recording|reading list|links|weekly links|quick (?:note|take)|short note)"
    r"\s*[:–—-]\s",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|[Mm]e|[Mm]y|[Mm]yself)\b")


def importance(article: StoredArticle, outlets: int, now: datetime) -> float:
    return max(0, outlets - 1) + recency(article.published, now) + kind(article)


def recency(published: datetime | None, now: datetime) -> float:
    if published is None:
        return UNDATED
    age_days = max(0.0, (now - published).total_seconds() / 86400 - 1)
    return max(0.0, 1 - age_days / (FRESH_DAYS - 1))


def kind(article: StoredArticle) -> float:
    words = article.length
    if is_note(article.title, article.text, words):
        return -0.5
    return 0.5 if words >= ANALYSIS_WORDS else 0.0


def is_note(title: str, text: str, words: int) -> bool:
    """Whether a post is a note: its title announces something, or it is short and its author
    speaks in the first person singular (outside quotations: a source's "I" is not theirs)."""
    if _ANNOUNCES.match(title):
        return True
    return words < NOTE_WORDS and _FIRST_PERSON.search(outside_quotes(text)) is not None
