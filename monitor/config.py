"""Load and validate the configuration once: built-in defaults < TOML file < command-line flags.

The file is found from ``--config``, else ``$MONITOR_CONFIG``, else ``./monitor.toml``, else the
built-in defaults are used. Every error names the file, the key and what is allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.schedule import parse_schedule, parse_timezone

CONFIG_ENV = "MONITOR_CONFIG"
DEFAULT_CONFIG_NAME = "monitor.toml"

MAGAZINE = "https://moderndiplomacy.eu"
DEFAULT_FEEDS: tuple[tuple[str, str], ...] = (
    (f"{MAGAZINE}/feed/", "Modern Diplomacy"),
    (f"{MAGAZINE}/category/central-asia/feed/", "Central Asia"),
    (f"{MAGAZINE}/category/south-asia/feed/", "South Asia"),
    (f"{MAGAZINE}/category/middle-east/feed/", "Middle East"),
)


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None


@dataclass(frozen=True)
class SeedsConfig:
    paths: tuple[Path, ...] = (Path("seeds"),)


@dataclass(frozen=True)
class SummaryConfig:
    sentences: int = 3
    max_words: int | None = 75
    algorithm: str = "default"


@dataclass(frozen=True)
class DigestConfig:
    schedule: str = "daily 07:00"  # "daily HH:MM", "weekly mon HH:MM" or "every Nh"
    timezone: str = "UTC"
    ingest_every: int = 15  # minutes between ingest runs of `monitor run`
    send_empty: bool = False  # mail a digest that has no articles


@dataclass(frozen=True)
class OutputConfig:
    dir: Path | None = None  # no file delivery when unset
    formats: tuple[str, ...] = ("html", "markdown")
    base_url: str = ""  # where dir is served, for absolute links in the Atom feed


@dataclass(frozen=True)
class EmailConfig:
    host: str = ""  # no e-mail delivery when unset
    port: int = 25
    security: str = "none"  # "starttls" | "ssl" | "none"
    username: str = ""
    password_env: str = "MONITOR_SMTP_PASSWORD"
    sender: str = "monitor@localhost"  # the `from` key
    recipients: tuple[str, ...] = ()  # the `to` key


@dataclass(frozen=True)
class Config:
    feeds: tuple[FeedConfig, ...] = tuple(FeedConfig(url, name) for url, name in DEFAULT_FEEDS)
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    path: Path | None = None  # the file it was read from, if any

    def with_extra_seeds(self, folders: tuple[Path, ...]) -> Config:
        """The same config with ``--seeds`` folders added to the configured ones."""
        if not folders:
            return self
        return replace(self, seeds=replace(self.seeds, paths=self.seeds.paths + folders))


def find_config_file(explicit: Path | None, env: Mapping[str, str], cwd: Path) -> Path | None:
    """The config file to read, or None to use the built-in defaults."""
    if explicit is not None:
        return explicit
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    local = cwd / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and validate ``path`` (or return the defaults when it is None)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file", "check --config or $MONITOR_CONFIG"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}", "see the README's config reference"
        ) from exc
    return parse_config(data, path)


def parse_config(data: Mapping[str, Any], path: Path) -> Config:
    """Validate the parsed TOML ``data`` read from ``path``."""
    check = _Checker(path)
    check.keys(data, "", {"feeds", "seeds", "summary", "digest", "output", "email"})
    base = path.parent
    feeds = Config().feeds
    if "feeds" in data:
        feeds = tuple(_feed(check, item, i) for i, item in enumerate(check.list(data, "feeds")))
    return Config(
        feeds=feeds,
        seeds=_seeds(check, check.table(data, "seeds"), base),
        summary=_summary(check, check.table(data, "summary")),
        digest=_digest(check, check.table(data, "digest")),
        output=_output(check, check.table(data, "output"), base),
        email=_email(check, check.table(data, "email")),
        path=path,
    )


def _feed(check: _Checker, item: Any, index: int) -> FeedConfig:
    where = f"feeds[{index}]"
    if not isinstance(item, Mapping):
        raise check.error(where, 'must be a table with url = "https://..."')
    check.keys(item, where, {"url", "name"})
    url = check.string(item, "url", where, required=True)
    if not url.startswith(("http://", "https://")):
        raise check.error(f"{where}.url", f"must be an http(s) URL, not {url!r}")
    return FeedConfig(url=url, name=check.string(item, "name", where) or None)


def _seeds(check: _Checker, table: Mapping[str, Any], base: Path) -> SeedsConfig:
    check.keys(table, "seeds", {"paths"})
    if "paths" not in table:
        return SeedsConfig()
    paths = check.list(table, "paths", "seeds")
    if not all(isinstance(p, str) and p for p in paths):
        raise check.error("seeds.paths", "must be a list of folder names (strings)")
    return SeedsConfig(paths=tuple(base / Path(p).expanduser() for p in paths))


def _summary(check: _Checker, table: Mapping[str, Any]) -> SummaryConfig:
    check.keys(table, "summary", {"sentences", "max_words", "algorithm"})
    default = SummaryConfig()
    sentences = check.integer(table, "sentences", "summary", default.sentences, minimum=1)
    max_words = check.integer(table, "max_words", "summary", default.max_words or 0, minimum=0)
    algorithm = check.string(table, "algorithm", "summary") or default.algorithm
    return SummaryConfig(sentences=sentences, max_words=max_words or None, algorithm=algorithm)


def _digest(check: _Checker, table: Mapping[str, Any]) -> DigestConfig:
    check.keys(table, "digest", {"schedule", "timezone", "ingest_every", "send_empty"})
    default = DigestConfig()
    config = DigestConfig(
        schedule=check.string(table, "schedule", "digest") or default.schedule,
        timezone=check.string(table, "timezone", "digest") or default.timezone,
        ingest_every=check.integer(table, "ingest_every", "digest", default.ingest_every, 1),
        send_empty=check.boolean(table, "send_empty", "digest", default.send_empty),
    )
    try:
        parse_schedule(config.schedule, parse_timezone(config.timezone))
    except ValueError as exc:
        raise check.error("digest.schedule/timezone", str(exc)) from None
    return config


def _output(check: _Checker, table: Mapping[str, Any], base: Path) -> OutputConfig:
    check.keys(table, "output", {"dir", "formats", "base_url"})
    directory = check.string(table, "dir", "output")
    formats = OutputConfig().formats
    if "formats" in table:
        formats = tuple(check.list(table, "formats", "output"))
        if not formats or not set(formats) <= {"html", "markdown"}:
            raise check.error("output.formats", 'must list "html" and/or "markdown"')
    return OutputConfig(
        dir=base / Path(directory).expanduser() if directory else None,
        formats=formats,
        base_url=check.string(table, "base_url", "output"),
    )


def _email(check: _Checker, table: Mapping[str, Any]) -> EmailConfig:
    check.keys(
        table, "email", {"host", "port", "security", "username", "password_env", "from", "to"}
    )
    default = EmailConfig()
    security = check.string(table, "security", "email") or default.security
    if security not in {"starttls", "ssl", "none"}:
        choices = '"starttls", "ssl" or "none"'
        raise check.error("email.security", f"must be {choices}, not {security!r}")
    recipients = tuple(check.list(table, "to", "email")) if "to" in table else ()
    if not all(isinstance(r, str) and "@" in r for r in recipients):
        raise check.error("email.to", "must be a list of e-mail addresses")
    host = check.string(table, "host", "email")
    if host and not recipients:
        raise check.error("email.to", "must name at least one recipient when host is set")
    return EmailConfig(
        host=host,
        port=check.integer(table, "port", "email", default.port, minimum=1),
        security=security,
        username=check.string(table, "username", "email"),
        password_env=check.string(table, "password_env", "email") or default.password_env,
        sender=check.string(table, "from", "email") or default.sender,
        recipients=recipients,
    )


class _Checker:
    """Type checks that raise a ConfigError naming the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, key: str, allowed: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key} {allowed}", "see the README's config reference")

    def keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                raise self.error(
                    name, f"is not a known key (allowed: {', '.join(sorted(allowed))})"
                )

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.error(key, "must be a table ([" + key + "])")
        return value

    def list(self, data: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
        value = data[key]
        if not isinstance(value, list):
            raise self.error(f"{where}.{key}" if where else key, "must be a list")
        return value

    def string(self, data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        if key not in data:
            if required:
                raise self.error(f"{where}.{key}", "is required")
            return ""
        value = data[key]
        if not isinstance(value, str):
            raise self.error(f"{where}.{key}", f"must be a string, not {value!r}")
        return value

    def boolean(self, data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{where}.{key}", f"must be true or false, not {value!r}")
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, where: str, default: int, minimum: int
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(
                f"{where}.{key}", f"must be a whole number >= {minimum}, not {value!r}"
            )
        return value
