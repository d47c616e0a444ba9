"""The PostgreSQL store: the same interface as the SQLite one, for many workers on many hosts.

``store.PgStore`` (open, migrate under an advisory lock, units of work), ``connection``
(psycopg 3; driver errors as ``StoreError``), ``schema`` (its own migrations), ``tables`` (the
few statements that differ from the shared ones, and the claims that coordinate processes).
Only this package imports psycopg, and only when the store URL names PostgreSQL.
"""
