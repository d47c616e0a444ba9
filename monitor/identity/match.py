"""Which stored article a new one is: the strongest exact key, else a confirmed near-duplicate.

The store answers what it holds (the article with a key, the candidates sharing band keys, a
stored version); ``Matcher`` decides, and remembers its near-duplicate decisions: the rule
depends on the two normalised texts only, so a copy looked up again (when it is stored, or seen
again in a later feed) is not compared again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from monitor.identity import neardup
from monitor.models import Candidates, Identity, StoredVersion

#: How many near-duplicate candidates (most shared band keys first) are confirmed on the text,
#: and how many band keys a candidate must share (one alone is mostly chance).
CANDIDATES = 8
MIN_SHARED_BANDS = 2
#: Near-duplicate decisions remembered (about 250 bytes each).
RULES_REMEMBERED = 10_000


class Index(Protocol):
    """What matching asks of the store (``monitor.store.interface.Queries`` answers it)."""

    def match_candidates(self, identity: Identity, min_shared: int, limit: int) -> Candidates: ...
    def stored_version(self, article_id: int) -> StoredVersion | None: ...


@dataclass(frozen=True)
class Match:
    """An already-stored article that a new one is the same as, and the rule that said so."""

    article_id: int
    rule: str
    stored: StoredVersion  # as it is shown now

    @property
    def digested(self) -> bool:
        return self.stored.digested


class Matcher:
    """``find`` with a bounded memory of near-duplicate decisions, by (the new text's
    fingerprint, the article, its text's fingerprint): past ``limit`` it starts again."""

    def __init__(self, limit: int = RULES_REMEMBERED) -> None:
        self.limit = limit
        self._rules: dict[tuple[str, int, str], str | None] = {}

    def find(self, index: Index, identity: Identity) -> Match | None:
        """The stored article this one is: by the strongest exact key, else a near-duplicate."""
        found = index.match_candidates(identity, MIN_SHARED_BANDS, CANDIDATES)
        if found.exact is not None:
            kind, article_id, stored = found.exact
            return Match(article_id, kind, stored)
        return self._near(index, identity, found.near)

    def _near(
        self, index: Index, identity: Identity, candidates: tuple[tuple[int, str], ...]
    ) -> Match | None:
        new: neardup.Shingled | None = None  # made once, and only if a rule is not known yet
        for article_id, fingerprint in candidates:
            key = (identity.fingerprint, article_id, fingerprint)
            stored = None
            if key not in self._rules:
                stored = index.stored_version(article_id)
                if stored is None:
                    continue
                new = new or neardup.shingled(identity.text)
                self._remember(key, new.rule(neardup.shingled(stored.text)))
            rule = self._rules[key]
            stored = stored or (index.stored_version(article_id) if rule else None)
            if rule and stored is not None:
                return Match(article_id, rule, stored)
        return None

    def _remember(self, key: tuple[str, int, str], rule: str | None) -> None:
        if len(self._rules) >= self.limit:
            self._rules.clear()
        self._rules[key] = rule
