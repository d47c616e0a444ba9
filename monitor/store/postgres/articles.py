"""The identity path of the PostgreSQL store [io]: few round trips, safe between processes.

Each round trip to the server costs more than the statement it carries, so an article's
statements travel together (psycopg's pipeline mode, ``PgConnection.pipelined``):

- ``match_candidates``: the exact keys (with the shown version of the article they name) and
  the near-duplicate candidates (``lsh_candidates``: the band sets holding one of the probe's
  keys, found by their GIN index, then the pairs shared counted): one round trip.
- ``hold_keys``: one advisory lock per exact key, taken in one statement in one order.
- ``add_article``: the article's row, its text's index row, first sighting, band keys (one row:
  ``lsh_sets``, the keys in band order as two arrays) and exact keys in one statement (a
  data-modifying ``WITH``): one more round trip, and one statement to parse and plan.
- ``record_identity``: keys are inserted with ``ON CONFLICT DO NOTHING``; a key that was not
  there when the statement began and is not ours after it was stored by another process at the
  same moment (PostgreSQL waits for that one to commit): ``StoreConflict``, and the unit of
  work is run again (``Storage.run``), when the match finds the other's article. Two workers
  storing the same guid at once end as one article with both sightings.

The look-ups read the indexes whatever the tables' statistics: psycopg prepares a statement
after a few uses, and a plan cached while the tables were nearly empty (a new database) would
otherwise go on scanning whole tables for every article until the next ``ANALYZE``. The exact
keys are probed once per key (``CROSS JOIN LATERAL`` a subquery with ``OFFSET 0``); the band
sets by a function planned without sequential scans (``lsh_candidates``, schema migration 11).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from monitor.identity.keys import exact_keys
from monitor.models import Analysis, Article, Candidates, Identity
from monitor.store.articles import VERSION_COLUMNS, Statement, article_insert, version
from monitor.store.connection import Connection, Row
from monitor.store.interface import StoreConflict

_PAIRS = "unnest(?::text[], ?::text[]) AS t(kind, value)"
#: The article with one exact key: a subquery that is never merged into the outer join
#: (``OFFSET 0``), so it is an index look-up whatever the statistics (see the docstring).
_KEYED = "SELECT article_id FROM article_keys WHERE kind = {kind} AND value = {value} OFFSET 0"


class PgArticleReads:
    conn: Connection  # a PgConnection

    def match_candidates(self, identity: Identity, min_shared: int, limit: int) -> Candidates:
        strength, values = _key_arrays(identity)  # the kinds of key, strongest first
        statements: list[Statement] = [(
            f"SELECT t.kind, a.id, {VERSION_COLUMNS} FROM {_PAIRS}"
            f" CROSS JOIN LATERAL ({_KEYED.format(kind='t.kind', value='t.value')}) k"
            " CROSS JOIN LATERAL (SELECT * FROM articles WHERE id = k.article_id OFFSET 0) a",
            (strength, values),
        )]  # fmt: skip
        if identity.bands:
            statements.append(_near(identity.bands, min_shared, limit))
        exact, *near = self.conn.pipelined(statements)
        for row in sorted(exact, key=lambda row: strength.index(row[0])):
            for stored in self.conn.decoded([row[1:]], version, "article"):
                return Candidates((row[0], int(row[1]), stored))
        found = near[0] if near else []
        return Candidates(None, tuple((int(article_id), fp) for article_id, fp in found))


def _near(bands: Sequence[tuple[int, int]], min_shared: int, limit: int) -> Statement:
    """The articles sharing ``min_shared`` band keys or more with the probe (``lsh_candidates``:
    the band sets holding one of its keys, by their GIN index, then the pairs they share)."""
    return (
        "SELECT candidate, candidate_fingerprint FROM lsh_candidates(?::int[], ?::bigint[], ?, ?)",
        (*_band_arrays(bands), min_shared, limit),
    )


class PgArticleWrites:
    conn: Connection  # a PgConnection

    def hold_keys(self, identity: Identity) -> None:
        """A transaction-level advisory lock per exact key (in one order: no deadlock between
        two processes holding keys of the same articles), so two workers storing one story at
        once do it one after the other: the second finds the first's article."""
        held = sorted(_key_lock(kind, value) for kind, value in exact_keys(identity))
        self.conn.send_ahead(  # a function scan yields the array's elements in their order
            "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) AS k",
            (_numbers(held),),
        )

    def add_article(self, article: Article, analysis: Analysis, now: datetime) -> int:
        """The row and, in the same statement, its text's index row, first sighting, band keys
        and exact keys: one round trip, one statement to parse and plan."""
        (rows,) = self.conn.pipelined([_new_article(article, analysis, now)])
        _conflict_if_raced([(kind, value) for _, kind, value in rows if kind is not None])
        return int(rows[0][0])

    def record_identity(self, article_id: int, identity: Identity) -> None:
        statements = [(f"WITH {_keys_written('?')} SELECT kind, value FROM raced ORDER BY 1, 2",
                       (*_key_arrays(identity), article_id))]  # fmt: skip
        if identity.bands:
            statements.insert(0, _band_set_added(article_id, identity.bands))
        *_, raced = self.conn.pipelined(statements)
        _conflict_if_raced(raced)


def _new_article(article: Article, analysis: Analysis, now: datetime) -> Statement:
    """One statement (data-modifying ``WITH``) storing a new article with its index row, first
    sighting, band keys (one ``lsh_sets`` row: the keys in band order, as two arrays) and exact
    keys; it returns the article's id, with the keys another process stored at that moment."""
    row, row_args = article_insert(article, analysis, now)
    bands = analysis.identity.bands
    band_set = (
        " b AS (INSERT INTO lsh_sets (article_id, bands, hashes)"
        " SELECT id, ?::smallint[], ?::bigint[] FROM a),"
    )
    return (
        f"WITH a AS ({row}),"
        " s AS (INSERT INTO article_search (rowid, title, text) SELECT id, ?, ? FROM a),"
        " g AS (INSERT INTO sightings (article_id, source, rule, seen_at)"
        " SELECT id, ?, ?, ? FROM a),"
        f"{band_set if bands else ''} {_keys_written('(SELECT id FROM a)')}"
        " SELECT a.id, raced.kind, raced.value FROM a LEFT JOIN raced ON true ORDER BY 2, 3",
        (*row_args, article.title, article.text, article.source, "first", now.isoformat(),
         *(_band_arrays(bands) if bands else ()), *_key_arrays(analysis.identity)),
    )  # fmt: skip


def _keys_written(article: str) -> str:
    """``WITH`` parts storing the exact keys (two arrays: kinds, values) of the article
    ``article`` names (``?``: its id, after the arrays; or an expression): ``raced`` holds the
    keys that were not there when the statement began and are not ours after it, stored by
    another process at the same moment (PostgreSQL waits for that one to commit)."""
    return (
        f"t AS (SELECT * FROM {_PAIRS}),"
        f" was AS (SELECT t.kind, t.value FROM t CROSS JOIN LATERAL"
        f" ({_KEYED.format(kind='t.kind', value='t.value')}) k),"
        " ours AS (INSERT INTO article_keys (kind, value, article_id)"
        f" SELECT kind, value, {article} FROM t ON CONFLICT DO NOTHING RETURNING kind, value),"
        " raced AS (SELECT kind, value FROM t EXCEPT SELECT kind, value FROM was"
        " EXCEPT SELECT kind, value FROM ours)"
    )


def _key_arrays(identity: Identity) -> tuple[list[str], list[str]]:
    keys = exact_keys(identity)
    return [kind for kind, _ in keys], [value for _, value in keys]


def _band_set_added(article_id: int, bands: Sequence[tuple[int, int]]) -> Statement:
    """The (band, key) pairs of ``bands`` that the article does not have yet, as one more set."""
    return (
        "INSERT INTO lsh_sets (article_id, bands, hashes) SELECT ?,"
        " array_agg(n.band ORDER BY n.band, n.hash), array_agg(n.hash ORDER BY n.band, n.hash)"
        " FROM unnest(?::smallint[], ?::bigint[]) AS n(band, hash) WHERE NOT EXISTS (SELECT 1"
        " FROM lsh_sets s CROSS JOIN LATERAL unnest(s.bands, s.hashes) AS u(band, hash)"
        " WHERE s.article_id = ? AND u.band = n.band AND u.hash = n.hash) HAVING count(*) > 0",
        (article_id, *_band_arrays(bands), article_id),
    )


def band_sets(columns: str, rows: Iterable[Sequence[Any]]) -> list[Row]:
    """``lsh_bands`` rows (``columns`` names their order: band, hash, article_id) as
    ``lsh_sets`` rows: each article's pairs in band order, as two arrays (in their text form)."""
    names = [name.strip() for name in columns.split(",")]
    band, key, article = (names.index(n) for n in ("band", "hash", "article_id"))
    grouped: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        grouped.setdefault(int(row[article]), []).append((int(row[band]), int(row[key])))
    return [(article_id, *_band_arrays(sorted(pairs))) for article_id, pairs in grouped.items()]


def _conflict_if_raced(raced: list[Row]) -> None:
    if raced:
        kind, value = raced[0]
        raise StoreConflict(
            f"another process stored an article with the {kind} {value!r} at the same moment",
            "run again: it is found then",
        )


def _band_arrays(bands: Sequence[tuple[int, int]]) -> tuple[str, str]:
    """The band numbers and their keys, as two arrays."""
    return _numbers(band for band, _ in bands), _numbers(key for _, key in bands)


def _numbers(numbers: Iterable[int]) -> str:
    """An array of integers as PostgreSQL's text form (``{1,2}``): psycopg takes ten times as
    long to send a list of Python ints."""
    return "{" + ",".join(map(str, numbers)) + "}"


def _key_lock(kind: str, value: str) -> int:
    """A signed 64-bit advisory lock key for one identity key."""
    digest = hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
