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

from monitor import __version__
from monitor.analysis.regions.classifier import RegionSettings
from monitor.config.delivery import (
    DigestConfig,
    EmailConfig,
    OutputConfig,
    parse_digest,
    parse_email,
    parse_output,
)
from monitor.config.regions import parse_regions
from monitor.errors import ConfigError
from monitor.models import Region

CONFIG_ENV = "MONITOR_CONFIG"
DEFAULT_CONFIG_NAME = "monitor.toml"

MAGAZINE = "https://moderndiplomacy.eu"
DEFAULT_FEEDS: tuple[tuple[str, str], ...] = (
    (f"{MAGAZINE}/feed/", "Modern Diplomacy"),
    (f"{MAGAZINE}/category/central-asia/feed/", "Central Asia"),
    (f"{MAGAZINE}/category/south-asia/feed/", "South Asia"),
    (f"{MAGAZINE}/category/middle-east/feed/", "Middle East"),
)


USER_AGENT = f"monitor/{__version__} (regional news monitor; see its README)"


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None
    interval: int | None = None  # minutes between polls; None: the default interval
    category: str | None = None  # a region hint given to every article of the feed


@dataclass(frozen=True)
class FetchConfig:
    """Bounds on every HTTP fetch (feeds and article pages)."""

    timeout: float = 15.0  # seconds to connect and between bytes
    max_bytes: int = 15 * 1024 * 1024  # body cap, after decompression
    deadline: float = 60.0  # seconds for the whole fetch, redirects included
    allow_private: bool = False  # allow loopback/private/link-local addresses (tests, intranets)
    user_agent: str = USER_AGENT
    interval: int = 30  # default minutes between polls of a feed
    workers: int = 4  # feeds fetched at once
    per_host: int = 2  # of which at most this many from one host


@dataclass(frozen=True)
class SeedsConfig:
    paths: tuple[Path, ...] = (Path("seeds"),)


# "default": position-aware LexRank; "lead": the first sentences; "lexrank": plain LexRank;
# the rest are sumy's algorithms of those names.
SUMMARY_ALGORITHMS = (
    "default",
    "lead",
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
)


@dataclass(frozen=True)
class SummaryConfig:
    sentences: int = 3
    max_words: int | None = 75
    algorithm: str = "default"
    workers: int = 0  # processes that summarise and classify new articles; 0: one per CPU


@dataclass(frozen=True)
class Config:
    feeds: tuple[FeedConfig, ...] = tuple(FeedConfig(url, name) for url, name in DEFAULT_FEEDS)
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    regions: RegionSettings = field(default_factory=RegionSettings)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    opml: Path | None = None  # an OPML file whose feeds are polled too
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
    sections = {"feeds", "seeds", "summary", "regions", "fetch", "opml"}
    check.keys(data, "", sections | {"digest", "output", "email"})
    base = path.parent
    feeds = Config().feeds
    if "feeds" in data:
        feeds = tuple(_feed(check, item, i) for i, item in enumerate(check.list(data, "feeds")))
    return Config(
        feeds=feeds,
        seeds=_seeds(check, check.table(data, "seeds"), base),
        summary=_summary(check, check.table(data, "summary")),
        regions=parse_regions(check, check.table(data, "regions")),
        fetch=_fetch(check, check.table(data, "fetch")),
        opml=base / check.string(data, "opml", "") if data.get("opml") else None,
        digest=parse_digest(check, check.table(data, "digest")),
        output=parse_output(check, check.table(data, "output"), base),
        email=parse_email(check, check.table(data, "email")),
        path=path,
    )


def _feed(check: _Checker, item: Any, index: int) -> FeedConfig:
    where = f"feeds[{index}]"
    if not isinstance(item, Mapping):
        raise check.error(where, 'must be a table with url = "https://..."')
    check.keys(item, where, {"url", "name", "interval", "category"})
    url = check.string(item, "url", where, required=True)
    if not url.startswith(("http://", "https://")):
        raise check.error(f"{where}.url", f"must be an http(s) URL, not {url!r}")
    interval = check.integer(item, "interval", where, 1, minimum=1) if "interval" in item else None
    return FeedConfig(
        url=url,
        name=check.string(item, "name", where) or None,
        interval=interval,
        category=check.string(item, "category", where) or None,
    )


def _fetch(check: _Checker, table: Mapping[str, Any]) -> FetchConfig:
    fields = {"timeout", "max_bytes", "deadline", "allow_private", "user_agent", "interval"}
    check.keys(table, "fetch", fields | {"workers", "per_host"})
    d = FetchConfig()
    allow = table.get("allow_private", d.allow_private)
    if not isinstance(allow, bool):
        raise check.error("fetch.allow_private", f"must be true or false, not {allow!r}")
    return FetchConfig(
        timeout=check.seconds(table, "timeout", "fetch", d.timeout),
        max_bytes=check.integer(table, "max_bytes", "fetch", d.max_bytes, minimum=1024),
        deadline=check.seconds(table, "deadline", "fetch", d.deadline),
        allow_private=allow,
        user_agent=check.string(table, "user_agent", "fetch") or d.user_agent,
        interval=check.integer(table, "interval", "fetch", d.interval, minimum=1),
        workers=check.integer(table, "workers", "fetch", d.workers, minimum=1),
        per_host=check.integer(table, "per_host", "fetch", d.per_host, minimum=1),
    )


def _seeds(check: _Checker, table: Mapping[str, Any], base: Path) -> SeedsConfig:
    check.keys(table, "seeds", {"paths"})
    if "paths" not in table:
        return SeedsConfig()
    paths = check.list(table, "paths", "seeds")
    if not all(isinstance(p, str) and p for p in paths):
        raise check.error("seeds.paths", "must be a list of folder names (strings)")
    return SeedsConfig(paths=tuple(base / Path(p).expanduser() for p in paths))


def _summary(check: _Checker, table: Mapping[str, Any]) -> SummaryConfig:
    check.keys(table, "summary", {"sentences", "max_words", "algorithm", "workers"})
    default = SummaryConfig()
    sentences = check.integer(table, "sentences", "summary", default.sentences, minimum=1)
    max_words = check.integer(table, "max_words", "summary", default.max_words or 0, minimum=0)
    algorithm = check.string(table, "algorithm", "summary") or default.algorithm
    if algorithm not in SUMMARY_ALGORITHMS:
        raise check.error("summary.algorithm", f"must be one of {', '.join(SUMMARY_ALGORITHMS)}")
    workers = check.integer(table, "workers", "summary", default.workers, minimum=0)
    return SummaryConfig(sentences, max_words or None, algorithm, workers)


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

    def seconds(self, data: Mapping[str, Any], key: str, where: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.error(f"{where}.{key}", f"must be a number of seconds > 0, not {value!r}")
        return float(value)

    def mapping(self, data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.error(f"{where}.{key}", "must be a table, like { key = value }")
        return value

    def country(self, code: str, where: str) -> None:
        if not (len(code) == 2 and code.isalpha()):
            raise self.error(where, "must be a two-letter ISO country code (or XJ for Xinjiang)")

    def region(self, value: Any, where: str) -> Region:
        allowed = [r.value for r in Region]
        if value not in allowed:
            raise self.error(where, f"must be a region ({', '.join(allowed)}), not {value!r}")
        return Region(value)

    def number(self, data: Mapping[str, Any], key: str, where: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.error(f"{where}.{key}", f"must be a number >= 0, not {value!r}")
        return float(value)

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
