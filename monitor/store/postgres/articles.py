"""The identity path of the PostgreSQL store [io]: few round trips, safe between processes.

Each round trip to the server costs more than the statement it carries, so an article's
statements travel together (psycopg's pipeline mode, ``PgConnection.pipelined``):

- ``match_candidates``: the exact keys (with the shown version of the article they name) and
  the near-duplicate candidates (the probe's band keys as two arrays, ``unnest``): one round trip.
- ``hold_keys``: one advisory lock per exact key, taken in one statement in one order.
- ``add_article``: the article's row (its id), then its text's index row, first sighting, band
  keys and exact keys in one more round trip.
- ``record_identity``: keys are inserted with ``ON CONFLICT DO NOTHING``; a key that was not
  there when the statement began and is not ours after it was stored by another process at the
  same moment (PostgreSQL waits for that one to commit): ``StoreConflict``, and the unit of
  work is run again (``Storage.run``), when the match finds the other's article. Two workers
  storing the same guid at once end as one article with both sightings.

The look-ups probe the indexes once per key (``CROSS JOIN LATERAL`` a subquery with
``OFFSET 0``), whatever the tables' statistics: psycopg prepares a statement after a few uses,
and a plan cached while the tables were nearly empty (a new database) would otherwise go on
scanning whole tables (a hash join) for every article until the next ``ANALYZE``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime

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
        keys = exact_keys(identity)
        statements: list[Statement] = [(
            f"SELECT t.kind, a.id, {VERSION_COLUMNS} FROM {_PAIRS}"
            f" CROSS JOIN LATERAL ({_KEYED.format(kind='t.kind', value='t.value')}) k"
            " CROSS JOIN LATERAL (SELECT * FROM articles WHERE id = k.article_id OFFSET 0) a",
            ([kind for kind, _ in keys], [value for _, value in keys]),
        )]  # fmt: skip
        if identity.bands:
            statements.append(_near(identity.bands, min_shared, limit))
        exact, *near = self.conn.pipelined(statements)
        strength = [kind for kind, _ in keys]
        for row in sorted(exact, key=lambda row: strength.index(row[0])):
            for stored in self.conn.decoded([row[1:]], version, "article"):
                return Candidates((row[0], int(row[1]), stored))
        found = near[0] if near else []
        return Candidates(None, tuple((int(article_id), fp) for article_id, fp in found))


def _near(bands: Sequence[tuple[int, int]], min_shared: int, limit: int) -> Statement:
    return (
        "SELECT c.article_id, (SELECT fingerprint FROM articles WHERE id = c.article_id)"
        " FROM (SELECT l.article_id, count(*) AS shared"
        " FROM unnest(?::int[], ?::bigint[]) AS probe(band, hash) CROSS JOIN LATERAL"
        " (SELECT article_id FROM lsh_bands WHERE band = probe.band AND hash = probe.hash"
        " OFFSET 0) l GROUP BY l.article_id HAVING count(*) >= ?"
        " ORDER BY count(*) DESC, l.article_id LIMIT ?) c ORDER BY c.shared DESC, c.article_id",
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
        """The row, and with it (its id: the sequence's value just taken by this session) the
        text's index row, the first sighting and the keys: one round trip."""
        (row,), *_, raced = self.conn.pipelined([
            article_insert(article, analysis, now),
            (f"INSERT INTO article_search (rowid, title, text) VALUES ({_NEW}, ?, ?)",
             (article.title, article.text)),
            (f"INSERT INTO sightings (article_id, source, rule, seen_at) VALUES ({_NEW}, ?, ?, ?)",
             (article.source, "first", now.isoformat())),
            *_identity_inserts(_NEW, (), analysis.identity, new=True),
        ])  # fmt: skip
        _conflict_if_raced(raced)
        return int(row[0])

    def record_identity(self, article_id: int, identity: Identity) -> None:
        statements = _identity_inserts("?", (article_id,), identity, new=False)
        *_, raced = self.conn.pipelined(statements)
        _conflict_if_raced(raced)


#: The id of the article this session inserted last (``articles.id``'s sequence).
_NEW = "(SELECT currval('articles_id_seq'))"


def _identity_inserts(
    article: str, article_args: tuple[int, ...], identity: Identity, *, new: bool
) -> list[Statement]:
    """The band keys (of a ``new`` article: none stored yet, no conflict to look for), then the
    exact keys, of the article ``article`` names (``?`` and its id, or ``_NEW``): the last
    statement returns the keys another process stored at that moment."""
    keys = exact_keys(identity)
    bands = (
        f"INSERT INTO lsh_bands (band, hash, article_id) SELECT DISTINCT band, hash, {article}"
        " FROM unnest(?::int[], ?::bigint[]) AS b(band, hash)"
        + ("" if new else " ON CONFLICT DO NOTHING"),
        (*article_args, *_band_arrays(identity.bands)),
    )
    exact = (
        f"WITH t AS (SELECT * FROM {_PAIRS}),"
        f" was AS (SELECT t.kind, t.value FROM t CROSS JOIN LATERAL"
        f" ({_KEYED.format(kind='t.kind', value='t.value')}) k),"
        " ours AS (INSERT INTO article_keys (kind, value, article_id)"
        f" SELECT kind, value, {article} FROM t ON CONFLICT DO NOTHING RETURNING kind, value)"
        " SELECT kind, value FROM t EXCEPT SELECT kind, value FROM was"
        " EXCEPT SELECT kind, value FROM ours ORDER BY 1, 2",
        ([kind for kind, _ in keys], [value for _, value in keys], *article_args),
    )
    return [bands, exact]


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
