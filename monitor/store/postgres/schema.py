"""The PostgreSQL schema: migrations applied in order by ``PgStore.migrate`` under an advisory
lock, so that two workers starting at once never migrate twice.

The tables and columns are the SQLite store's (``monitor.store.schema``), so the shared
statements and row decoders serve both: times are ISO 8601 text, lists and maps JSON text.
``rowid`` is a real column here (SQLite has it implicitly): the order rows were added in.
"""

#: Append new ones at the end; never edit one that has shipped. ``schema_version`` says how many
#: have run.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        size BIGINT NOT NULL,
        mtime_ns BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        read_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id BIGSERIAL PRIMARY KEY,
        title TEXT NOT NULL,
        author TEXT,
        url TEXT,
        canonical_url TEXT,
        guid TEXT,
        fingerprint TEXT NOT NULL,
        published TEXT,
        text TEXT NOT NULL,
        note TEXT,
        layout TEXT NOT NULL,
        hints TEXT NOT NULL DEFAULT '[]',
        summary TEXT NOT NULL,
        primary_region TEXT NOT NULL,
        regions TEXT NOT NULL,
        evidence TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
    CREATE INDEX articles_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
    CREATE INDEX articles_fingerprint ON articles(fingerprint);
    CREATE TABLE sightings (
        rowid BIGSERIAL,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        rule TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (article_id, source)
    );
    CREATE TABLE digests (
        id BIGSERIAL PRIMARY KEY,
        created TEXT NOT NULL,
        period_start TEXT,
        period_end TEXT NOT NULL UNIQUE
    );
    CREATE TABLE digest_articles (
        digest_id BIGINT NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        article_id BIGINT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX digest_articles_digest ON digest_articles(digest_id);
    CREATE TABLE feeds (
        rowid BIGSERIAL,
        key TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        origin TEXT NOT NULL,
        name TEXT,
        category TEXT,
        interval INTEGER,
        etag TEXT,
        last_modified TEXT,
        next_poll TEXT,
        last_poll TEXT,
        last_success TEXT,
        last_error TEXT,
        last_error_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        gone INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE article_keys (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (kind, value)
    );
    CREATE INDEX article_keys_article ON article_keys(article_id);
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        hash BIGINT NOT NULL,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, hash, article_id)
    );
    CREATE TABLE digest_renders (
        digest_id BIGINT PRIMARY KEY REFERENCES digests(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        html TEXT NOT NULL,
        markdown TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE TABLE deliveries (
        id BIGSERIAL PRIMARY KEY,
        digest_id BIGINT NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (digest_id, channel, target)
    );
    CREATE INDEX deliveries_pending ON deliveries(next_attempt) WHERE status = 'pending';
    """,
    # 2 (digest): edits of digested articles, listed once under "Updated" in the next digest
    """
    CREATE TABLE updates (
        id BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles(id),
        changes TEXT NOT NULL,
        detected TEXT NOT NULL,
        digest_id BIGINT REFERENCES digests(id)
    );
    CREATE INDEX updates_pending ON updates(article_id) WHERE digest_id IS NULL;
    """,
    # 3 (workers): a due feed is leased to the worker polling it, until lease_until (UTC ISO)
    """
    ALTER TABLE feeds ADD COLUMN lease_until TEXT;
    """,
    # 4 (watch): watch hits, immediate alerts and their outbox, each reader's own digest, and
    # the full-text index of the shown title and text (a tsvector kept by PostgreSQL itself)
    """
    CREATE TABLE watch_hits (
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        terms TEXT NOT NULL,
        found_at TEXT NOT NULL,
        PRIMARY KEY (article_id, rule)
    );
    CREATE INDEX watch_hits_rule ON watch_hits(rule);
    CREATE TABLE alerts (
        id BIGSERIAL PRIMARY KEY,
        created TEXT NOT NULL,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE TABLE alert_articles (
        alert_id BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        PRIMARY KEY (article_id, rule)
    );
    CREATE TABLE alert_deliveries (
        id BIGSERIAL PRIMARY KEY,
        alert_id BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (alert_id, target)
    );
    CREATE INDEX alert_deliveries_pending ON alert_deliveries(next_attempt)
        WHERE status = 'pending';
    CREATE TABLE reader_digests (
        digest_id BIGINT NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        reader TEXT NOT NULL,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (digest_id, reader)
    );
    CREATE TABLE article_search (
        rowid BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', text)
        ) STORED
    );
    CREATE INDEX article_search_document ON article_search USING GIN (document);
    INSERT INTO article_search (rowid, title, text) SELECT id, title, text FROM articles;
    """,
    # 5 (ops): the open incidents of the alarm ([alerts]), as in SQLite's migration 7
    """
    CREATE TABLE incidents (
        kind TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        detail TEXT NOT NULL,
        notified INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 6 (readers): each reader with their own schedule, as in SQLite's migration 8
    """
    CREATE TABLE readers (
        reader TEXT PRIMARY KEY,
        joined TEXT NOT NULL,
        last_end TEXT NOT NULL,
        after_digest BIGINT NOT NULL
    );
    CREATE TABLE reader_slots (
        id BIGSERIAL PRIMARY KEY,
        reader TEXT NOT NULL REFERENCES readers(reader) ON DELETE CASCADE,
        created TEXT NOT NULL,
        period_start TEXT,
        period_end TEXT NOT NULL,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (reader, period_end)
    );
    CREATE TABLE reader_articles (
        reader TEXT NOT NULL,
        article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        slot_id BIGINT NOT NULL REFERENCES reader_slots(id) ON DELETE CASCADE,
        PRIMARY KEY (reader, article_id)
    );
    CREATE TABLE reader_deliveries (
        id BIGSERIAL PRIMARY KEY,
        slot_id BIGINT NOT NULL REFERENCES reader_slots(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (slot_id, target)
    );
    CREATE INDEX reader_deliveries_pending ON reader_deliveries(next_attempt)
        WHERE status = 'pending';
    """,
    # 7 (stories): a feed's own title and a saved page's publication, as in SQLite's
    # migration 9
    """
    ALTER TABLE feeds ADD COLUMN title TEXT;
    ALTER TABLE files ADD COLUMN publication TEXT;
    """,
    # 8 (scale): band keys are written only with their article, in its unit of work, and
    # articles are never deleted; the foreign key's check cost 84 row locks per new article
    """
    ALTER TABLE lsh_bands DROP CONSTRAINT lsh_bands_article_id_fkey;
    """,
    # 9 (readers' edits): as SQLite's migration 10
    """
    ALTER TABLE readers ADD COLUMN last_update BIGINT NOT NULL DEFAULT 0;
    UPDATE readers SET last_update = (SELECT coalesce(max(id), 0) FROM updates);
    """,
    # 10 (speed): each article's counted words, as SQLite's migration 11
    """
    ALTER TABLE articles ADD COLUMN words TEXT;
    """,
    # 11 (speed): an identity's band keys in one row, two arrays in band order under a GIN index
    # updated at each insert (no pending list for each look-up to read); ``lsh_bands`` a view.
    """
    CREATE TABLE lsh_sets (
        article_id BIGINT NOT NULL,
        bands SMALLINT[] NOT NULL,
        hashes BIGINT[] NOT NULL
    );
    INSERT INTO lsh_sets (article_id, bands, hashes)
        SELECT article_id, array_agg(band ORDER BY band, hash), array_agg(hash ORDER BY band, hash)
        FROM lsh_bands GROUP BY article_id;
    DROP TABLE lsh_bands;
    CREATE INDEX lsh_sets_hashes ON lsh_sets USING GIN (hashes) WITH (fastupdate = off);
    CREATE INDEX lsh_sets_article ON lsh_sets(article_id);
    CREATE VIEW lsh_bands AS
        SELECT DISTINCT k.band::INTEGER AS band, k.hash, s.article_id
        FROM lsh_sets s CROSS JOIN LATERAL unnest(s.bands, s.hashes) AS k(band, hash);
    -- The articles sharing min_shared (band, key) pairs or more with the probe, most first: by
    -- index, no parallel workers, no JIT, whatever the statistics (none in a new or copied store).
    CREATE FUNCTION lsh_candidates(
        probe_bands INTEGER[], probe_hashes BIGINT[], min_shared INTEGER, max_rows INTEGER
    ) RETURNS TABLE (candidate BIGINT, candidate_fingerprint TEXT)
    LANGUAGE plpgsql STABLE
    SET enable_seqscan = off SET max_parallel_workers_per_gather = 0 SET jit = off AS $$
    BEGIN
        RETURN QUERY
        SELECT c.id, a.fingerprint FROM (
            SELECT k.article_id AS id, count(*) AS shared
            FROM (SELECT DISTINCT s.article_id, u.band, u.hash FROM lsh_sets s
                  CROSS JOIN LATERAL unnest(s.bands, s.hashes) AS u(band, hash)
                  WHERE s.hashes && probe_hashes) k
            JOIN unnest(probe_bands, probe_hashes) AS p(band, hash)
                ON p.band = k.band AND p.hash = k.hash
            GROUP BY k.article_id HAVING count(*) >= min_shared
            ORDER BY count(*) DESC, k.article_id LIMIT max_rows
        ) c JOIN articles a ON a.id = c.id
        ORDER BY c.shared DESC, c.id;
    END $$;
    """,
)
