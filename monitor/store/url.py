"""Which store to open: ``[store] url`` in the config, or ``MONITOR_STORE_URL``, which wins
(pure: the environment is passed in).

``sqlite:///relative/file.sqlite3`` or ``sqlite:////absolute/file.sqlite3`` (relative to the
current folder, as ``--state-dir`` is), or ``postgresql://user@host:port/dbname``. Without
either, the store is ``monitor.sqlite3`` in ``--state-dir``, as it always was. A password never
sits in the URL: libpq reads ``PGPASSWORD`` or ``~/.pgpass``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from monitor.errors import ConfigError

STORE_URL_ENV = "MONITOR_STORE_URL"
SQLITE, POSTGRES = "sqlite", "postgresql"
DB_NAME = "monitor.sqlite3"
_PG_SCHEMES = ("postgresql://", "postgres://")
_HINT = "use sqlite:///path/to/monitor.sqlite3 or postgresql://user@host:port/dbname"


@dataclass(frozen=True)
class StoreUrl:
    """A parsed store URL: ``path`` for SQLite, ``dsn`` (a libpq URL) for PostgreSQL."""

    kind: str
    path: Path | None = None
    dsn: str | None = None

    @property
    def shown(self) -> str:
        """How the store is named in messages."""
        return str(self.path) if self.path is not None else str(self.dsn)


def parse_store_url(text: str, where: str = "[store] url") -> StoreUrl:
    """The store ``text`` names; ``ConfigError`` (exit 3) if it names none."""
    if text.startswith("sqlite:///"):
        rest = text.removeprefix("sqlite:///")
        if not rest or rest.endswith("/"):
            raise ConfigError(f"{where}: {text!r} names no database file", _HINT)
        return StoreUrl(SQLITE, path=Path(rest))  # "/..." after the scheme: absolute
    if text.startswith(_PG_SCHEMES):
        parts = urlsplit(text)
        if parts.password is not None:
            raise ConfigError(
                f"{where}: the URL holds a password",
                "take it out of the URL: put it in PGPASSWORD or ~/.pgpass",
            )
        if not parts.path.strip("/"):
            raise ConfigError(f"{where}: {text!r} names no database", _HINT)
        return StoreUrl(POSTGRES, dsn=text)
    raise ConfigError(f"{where}: {text!r} is not a store URL", _HINT)


def store_url(configured: str | None, env: Mapping[str, str], state_dir: Path) -> StoreUrl:
    """``MONITOR_STORE_URL``, else ``[store] url``, else ``monitor.sqlite3`` in ``state_dir``."""
    if env.get(STORE_URL_ENV):
        return parse_store_url(env[STORE_URL_ENV], f"${STORE_URL_ENV}")
    if configured:
        return parse_store_url(configured)
    return StoreUrl(SQLITE, path=state_dir / DB_NAME)
