"""The database schema: migrations applied in order by ``Store.migrate``."""

#: Schema migrations, applied in order; ``PRAGMA user_version`` is how many have run.
#: Append new ones at the end; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        read_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
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
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        rule TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (article_id, source)
    );
    CREATE TABLE digests (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        period_start TEXT,
        period_end TEXT NOT NULL UNIQUE
    );
    CREATE TABLE digest_articles (
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX digest_articles_digest ON digest_articles(digest_id);
    """,
    # 2: feeds, their validators, schedule and health (monitor.feedstore)
    """
    CREATE TABLE feeds (
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
    """,
    # 3: dedupe. Every identity key any version of an article had, and its LSH band keys
    # (monitor.neardup), so a new article is matched by index lookups, not a scan.
    """
    CREATE TABLE article_keys (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX article_keys_article ON article_keys(article_id);
    INSERT OR IGNORE INTO article_keys (kind, value, article_id)
        SELECT 'guid', guid, id FROM articles WHERE guid IS NOT NULL ORDER BY id;
    INSERT OR IGNORE INTO article_keys (kind, value, article_id)
        SELECT 'canonical_url', canonical_url, id FROM articles
        WHERE canonical_url IS NOT NULL ORDER BY id;
    INSERT OR IGNORE INTO article_keys (kind, value, article_id)
        SELECT 'fingerprint', fingerprint, id FROM articles ORDER BY id;
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        PRIMARY KEY (band, hash, article_id)
    ) WITHOUT ROWID;
    """,
    # 4 (delivery): the rendered digest and its outbox, written with the digest itself
    """
    CREATE TABLE digest_renders (
        digest_id INTEGER PRIMARY KEY REFERENCES digests(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        html TEXT NOT NULL,
        markdown TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
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
    # 5 (digest): edits of digested articles, listed once under "Updated" in the next digest
    """
    CREATE TABLE updates (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        changes TEXT NOT NULL,
        detected TEXT NOT NULL,
        digest_id INTEGER REFERENCES digests(id)
    );
    CREATE INDEX updates_pending ON updates(article_id) WHERE digest_id IS NULL;
    """,
    # 6 (watch): the watch rules each article matched, and on which terms (monitor.watch);
    # immediate alerts: what each one mailed (once per article and rule), and its outbox;
    # each [[subscribers]] reader's own digest, delivered through `deliveries` (channel reader);
    # the full-text index of the shown title and text (`monitor articles --search`, FTS5)
    """
    CREATE TABLE watch_hits (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        terms TEXT NOT NULL,
        found_at TEXT NOT NULL,
        PRIMARY KEY (article_id, rule)
    ) WITHOUT ROWID;
    CREATE INDEX watch_hits_rule ON watch_hits(rule);
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE TABLE alert_articles (
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        PRIMARY KEY (article_id, rule)
    );
    CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
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
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        reader TEXT NOT NULL,
        subject TEXT NOT NULL,
        message_id TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (digest_id, reader)
    );
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (rowid, title, text) SELECT id, title, text FROM articles;
    """,
    # 7 (ops): the open incidents of the alarm ([alerts]): one mail each, one "resolved" mail
    """
    CREATE TABLE incidents (
        kind TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        detail TEXT NOT NULL,
        notified INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 8 (readers): each [[subscribers]] reader with their own schedule: where they stand
    # (their last slot, the last main digest they were offered), their digests, the articles
    # each reached (once per reader: the primary key), and each one's delivery
    """
    CREATE TABLE readers (
        reader TEXT PRIMARY KEY,
        joined TEXT NOT NULL,
        last_end TEXT NOT NULL,
        after_digest INTEGER NOT NULL
    );
    CREATE TABLE reader_slots (
        id INTEGER PRIMARY KEY,
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
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        slot_id INTEGER NOT NULL REFERENCES reader_slots(id) ON DELETE CASCADE,
        PRIMARY KEY (reader, article_id)
    );
    CREATE TABLE reader_deliveries (
        id INTEGER PRIMARY KEY,
        slot_id INTEGER NOT NULL REFERENCES reader_slots(id) ON DELETE CASCADE,
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
    # 9 (stories): where an entry comes from: a feed's own
    # title (its channel's) and the publication a saved page names (og:site_name, a copyright
    # line), shown when the config gives no name
    """
    ALTER TABLE feeds ADD COLUMN title TEXT;
    ALTER TABLE files ADD COLUMN publication TEXT;
    """,
    # 10 (readers' edits): the last edit each reader with their own schedule was offered; later
    # edits of articles their digests reached are their "Updated" (a reader there now starts
    # from the edits made from now on)
    """
    ALTER TABLE readers ADD COLUMN last_update INTEGER NOT NULL DEFAULT 0;
    UPDATE readers SET last_update = (SELECT coalesce(max(id), 0) FROM updates);
    """,
    # 11 (speed): each article's counted words (``monitor.analysis.words``), stored when it is
    # analysed so that a digest's story threading does not read every text again; NULL for the
    # articles stored before, whose words a digest counts
    """
    ALTER TABLE articles ADD COLUMN words TEXT;
    """,
)
