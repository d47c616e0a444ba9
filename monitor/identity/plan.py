"""What to do with an article the store may already hold (pure): add, merge, replace, or skip.

``plan`` takes the article, its identity, and the stored article it matched (if any) and says
what the store should do, and why. One article, every source kept: a match is always one more
sighting and one more set of keys; an undigested match also shows the earliest date and a real
address (``merge.provenance``), and may show a better version:

- a saved page (``PAGE``) replaces the stored text when ``merge.replaces_text`` says it is the
  better version (a longer continuation, or the same item edited after publication);
- a feed item (``FEED``) replaces it when the feed edited the post (same guid, other text), and
  adds its categories to the article's region hints (the stored text is analysed again then).

A digested article is never shown again as a new entry: a copy is only one more sighting and
keys; but a material edit of it (``changes.material_changes``: a new title, a changed figure,
text added) is an ``UPDATE``: the new version is stored, and the next digest lists it once
under "Updated" with what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from monitor.identity import merge
from monitor.identity.changes import material_changes
from monitor.identity.match import Match
from monitor.models import Article, Identity

ADD, MERGE, REPLACE, UPDATE, SKIP = "add", "merge", "replace", "update", "skip"
PAGE, FEED = "page", "feed"  # what kind of source an article came from


@dataclass(frozen=True)
class Plan:
    """What to store for one article, and why."""

    action: str  # ADD, MERGE, REPLACE, UPDATE or SKIP
    reason: str
    item: Article  # as the source gave it: its source is the sighting
    identity: Identity  # the item's: its keys are recorded
    article: Article  # what to show: the item (ADD), or the matched article's new version
    match: Match | None = None
    provenance: tuple[datetime | None, str | None] | None = None  # date and URL to show
    changes: tuple[str, ...] = ()  # an UPDATE's material changes

    @property
    def to_analyse(self) -> Article | None:
        """The article whose analysis this plan needs: a new one's, or the new version's."""
        return self.article if self.action in (ADD, REPLACE, UPDATE) else None


def plan(article: Article, identity: Identity, match: Match | None, kind: str = PAGE) -> Plan:
    """What to do with ``article`` (``kind``: ``PAGE`` or ``FEED``) given what it matched."""
    if match is None:
        return Plan(ADD, "no stored article has its keys or its text", article, identity, article)
    if match.digested:
        why = f"one more source of article {match.article_id} ({match.rule}), already in a digest"
        return _edit_of_digested(Plan(MERGE, why, article, identity, article, match), kind)
    stored = match.stored
    shown = merge.provenance(
        merge.Version(stored.text, stored.published, stored.url), article.published, article.url
    )
    found = Plan(MERGE, f"one more source of article {match.article_id} ({match.rule})",
                 article, identity, article, match, shown)  # fmt: skip
    return _feed_version(found) if kind == FEED else _page_version(found)


def _page_version(found: Plan) -> Plan:
    assert found.match is not None
    stored, item = found.match.stored, found.item
    new = merge.Version(item.text, item.published, item.url)
    if merge.replaces_text(merge.Version(stored.text, stored.published, stored.url), new,
                           found.match.rule):  # fmt: skip
        return replace(found, action=REPLACE, reason=found.reason + ": a better version")
    return found


def _feed_version(found: Plan) -> Plan:
    assert found.match is not None
    stored, item = found.match.stored, found.item
    hints = tuple(dict.fromkeys(stored.hints + item.hints))
    if found.match.rule == "guid" and stored.fingerprint != found.identity.fingerprint:
        edited = replace(item, hints=hints)
        return replace(found, action=REPLACE, article=edited, reason=found.reason + ": edited")
    if hints != stored.hints:
        hinted = replace(item, title=stored.title, text=stored.text, author=None, hints=hints)
        return replace(found, action=REPLACE, article=hinted, reason=found.reason + ": new hints")
    return found


def _edit_of_digested(found: Plan, kind: str) -> Plan:
    """A digested article's new version, as a feed or a page gives it, is an ``UPDATE`` when
    it changed materially; otherwise the copy is one more sighting."""
    assert found.match is not None
    stored, item = found.match.stored, found.item
    if kind == FEED:
        edited = found.match.rule == "guid" and stored.fingerprint != found.identity.fingerprint
    else:
        new = merge.Version(item.text, item.published, item.url)
        old = merge.Version(stored.text, stored.published, stored.url)
        edited = merge.replaces_text(old, new, found.match.rule)
    changes = material_changes(stored.title, stored.text, item.title, item.text) if edited else ()
    if not changes:
        return found
    article = replace(item, hints=tuple(dict.fromkeys(stored.hints + item.hints)))
    why = f"article {found.match.article_id}, already in a digest, changed: {'; '.join(changes)}"
    return replace(found, action=UPDATE, reason=why, article=article, changes=changes)


def skip(planned: Plan, reason: str) -> Plan:
    """``planned`` not carried out: nothing is stored of it."""
    return replace(planned, action=SKIP, reason=reason)
