"""The store's identity index [io]: which stored article a new one is, and the merge writes.

``IdentityIndex`` is mixed into ``monitor.store.Store`` (it uses its ``db``); the tables are
store migration #3. Exact keys (guid, canonical URL, fingerprint) of every version of an article
are in ``article_keys``; LSH band keys (``monitor.neardup``) in ``lsh_bands``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from monitor.identity import keys as dedupe
from monitor.identity import merge, neardup

#: How many near-duplicate candidates (most shared band keys first) are confirmed on the text,
#: and how many band keys a candidate must share (one alone is mostly chance).
CANDIDATES = 8
MIN_SHARED_BANDS = 2
_EXACT_RULES = ("guid", "canonical_url", "fingerprint")
#: Near-duplicate decisions remembered (about 250 bytes each).
RULES_REMEMBERED = 10_000


@dataclass(frozen=True)
class Identity:
    """The keys that say two articles are the same one, strongest first."""

    guid: str | None
    canonical_url: str | None
    fingerprint: str
    bands: tuple[tuple[int, int], ...] = ()  # LSH (band, key) pairs, see monitor.neardup
    text: str = ""  # to confirm a near-duplicate candidate on


@dataclass(frozen=True)
class Match:
    """An already-stored article that a new one is the same as, and the rule that said so."""

    article_id: int
    rule: str
    digested: bool


class _Rules(dict[tuple[str, int, str], str | None]):
    """``duplicate_rule`` of a new text and a stored article's text, by (the new text's
    fingerprint, the article, its text's fingerprint): the rule depends on the two normalised
    texts only, so a copy looked up again (when it is stored, or seen again in a later feed)
    is not compared again. Bounded: past ``limit`` entries it starts again."""

    def __init__(self, limit: int = RULES_REMEMBERED) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: tuple[str, int, str], rule: str | None) -> None:
        if len(self) >= self.limit:
            self.clear()
        self[key] = rule


class IdentityIndex:
    db: sqlite3.Connection

    def find_match(self, identity: Identity) -> Match | None:
        """The stored article this one is: by the strongest exact key, else a near-duplicate."""
        values = (identity.guid, identity.canonical_url, identity.fingerprint)
        for rule, value in zip(_EXACT_RULES, values, strict=True):
            row = value and self.db.execute(
                "SELECT article_id FROM article_keys WHERE kind = ? AND value = ?", (rule, value)
            ).fetchone()
            if row:
                return self._match(row[0], rule)
        return self._near_match(identity)

    def _near_match(self, identity: Identity) -> Match | None:
        if not identity.bands:
            return None
        probe = ", ".join("(?, ?)" for _ in identity.bands)
        candidates = self.db.execute(
            f"WITH probe(band, hash) AS (VALUES {probe})"
            " SELECT l.article_id, a.fingerprint FROM probe"
            " JOIN lsh_bands l ON l.band = probe.band AND l.hash = probe.hash"
            " JOIN articles a ON a.id = l.article_id"
            " GROUP BY l.article_id HAVING count(*) >= ?"
            " ORDER BY count(*) DESC, l.article_id LIMIT ?",
            [n for pair in identity.bands for n in pair] + [MIN_SHARED_BANDS, CANDIDATES],
        ).fetchall()
        new: neardup.Shingled | None = None  # made once, and only if a rule is not known yet
        for article_id, fingerprint in candidates:
            key = (identity.fingerprint, article_id, fingerprint)
            if key not in self._rules:
                new = new or neardup.shingled(identity.text)
                stored = neardup.shingled(self.stored_version(article_id).text)
                self._rules.remember(key, new.rule(stored))
            rule = self._rules[key]
            if rule:
                return self._match(article_id, rule)
        return None

    @cached_property
    def _rules(self) -> _Rules:
        return _Rules()

    def _match(self, article_id: int, rule: str) -> Match:
        digested = self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM digest_articles WHERE article_id = ?)", (article_id,)
        ).fetchone()[0]
        return Match(article_id=article_id, rule=rule, digested=bool(digested))

    def record_identity(self, db: sqlite3.Connection, article_id: int, identity: Identity) -> None:
        """Remember every key of this version, so any later copy of it finds the article."""
        values = (identity.guid, identity.canonical_url, identity.fingerprint)
        db.executemany(
            "INSERT OR IGNORE INTO article_keys (kind, value, article_id) VALUES (?, ?, ?)",
            [(k, v, article_id) for k, v in zip(_EXACT_RULES, values, strict=True) if v],
        )
        db.executemany(
            "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
            [(band, key, article_id) for band, key in identity.bands],
        )

    def has_band_index(self) -> bool:
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'lsh_bands')"
        ).fetchone()[0] == 1

    def index_stored_texts(self, db: sqlite3.Connection) -> None:
        """Band keys for every stored text (articles stored before the band index existed)."""
        for article_id, text in db.execute("SELECT id, text FROM articles ORDER BY id").fetchall():
            db.executemany(
                "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
                [(band, key, article_id) for band, key in neardup.band_keys(text)],
            )

    def stored_version(self, article_id: int) -> merge.Version:
        text, published, url = self.db.execute(
            "SELECT text, published, url FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return merge.Version(text, datetime.fromisoformat(published) if published else None, url)

    def keep_best_provenance(
        self,
        db: sqlite3.Connection,
        article_id: int,
        published: datetime | None,
        url: str | None,
        now: datetime,
    ) -> None:
        """Show the earliest publication date and a real URL of the stored and this version."""
        published, url = merge.provenance(self.stored_version(article_id), published, url)
        db.execute(
            "UPDATE articles SET published = ?, url = ?, canonical_url = ?, updated = ?"
            " WHERE id = ?",
            (
                published.isoformat() if published else None,
                url, dedupe.canonical_url(url), now.isoformat(), article_id,
            ),
        )
