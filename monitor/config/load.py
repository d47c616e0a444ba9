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
from monitor.analysis.regions.settings import RegionSettings
from monitor.config.check import GIB, MINUTES_A_YEAR, Checker
from monitor.config.delivery import (
    DigestConfig,
    EmailConfig,
    OutputConfig,
    parse_digest,
    parse_email,
    parse_output,
)
from monitor.config.ops import AlertsConfig, MetricsConfig, parse_alerts, parse_metrics
from monitor.config.regions import parse_regions
from monitor.config.subscribers import Subscriber, parse_subscribers
from monitor.config.watch import parse_watch
from monitor.errors import ConfigError
from monitor.watch.rules import WatchRule

CONFIG_ENV = "MONITOR_CONFIG"
DEFAULT_CONFIG_NAME = "monitor.toml"

MAGAZINE = "https://moderndiplomacy.eu"
DEFAULT_FEEDS: tuple[tuple[str, str], ...] = (
    (f"{MAGAZINE}/feed/", "Modern Diplomacy"),
    (f"{MAGAZINE}/category/central-asia/feed/", "Central Asia"),
    (f"{MAGAZINE}/category/south-asia/feed/", "South Asia"),
    (f"{MAGAZINE}/category/middle-east/feed/", "Middle East"),
)


MAX_WORKERS = 256  # threads fetching feeds, processes analysing articles

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
    names: Mapping[Path, str] = field(default_factory=dict)  # a folder's publication name


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
    watch: tuple[WatchRule, ...] = ()  # [[watch]] rules
    subscribers: tuple[Subscriber, ...] = ()  # [[subscribers]]: readers with their own digest
    store_url: str | None = None  # [store] url; None: monitor.sqlite3 in --state-dir
    store_lease: float = 600.0  # [store] lease: seconds a claimed feed or delivery is one's
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
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
    check = Checker(path)
    sections = {"feeds", "seeds", "summary", "regions", "fetch", "opml"}
    check.keys(
        data,
        "",
        sections
        | {"digest", "output", "email", "watch", "subscribers", "store", "metrics", "alerts"},
    )
    base = path.parent
    digest = parse_digest(check, check.table(data, "digest"))
    watch = parse_watch(check, data)
    feeds = Config().feeds
    if "feeds" in data:
        feeds = tuple(_feed(check, item, i) for i, item in enumerate(check.list(data, "feeds")))
    email = parse_email(check, check.table(data, "email"), bool(data.get("subscribers")))
    return Config(
        feeds=feeds,
        seeds=_seeds(check, check.table(data, "seeds"), base),
        summary=_summary(check, check.table(data, "summary")),
        regions=parse_regions(check, check.table(data, "regions")),
        fetch=_fetch(check, check.table(data, "fetch")),
        opml=base / check.string(data, "opml", "") if data.get("opml") else None,
        digest=digest,
        output=parse_output(check, check.table(data, "output"), base),
        email=email,
        watch=watch,
        subscribers=parse_subscribers(check, data, digest, watch),
        store_url=_store(check, check.table(data, "store")),
        store_lease=check.seconds(check.table(data, "store"), "lease", "store", 600.0),
        metrics=parse_metrics(check, check.table(data, "metrics"), base),
        alerts=parse_alerts(check, check.table(data, "alerts"), email),
        path=path,
    )


def _feed(check: Checker, item: Any, index: int) -> FeedConfig:
    where = f"feeds[{index}]"
    if not isinstance(item, Mapping):
        raise check.error(where, 'must be a table with url = "https://..."')
    check.keys(item, where, {"url", "name", "interval", "category"})
    url = check.string(item, "url", where, required=True)
    if not url.startswith(("http://", "https://")):
        raise check.error(f"{where}.url", f"must be an http(s) URL, not {url!r}")
    interval = None
    if "interval" in item:
        interval = check.integer(item, "interval", where, 1, 1, MINUTES_A_YEAR)
    return FeedConfig(
        url=url,
        name=check.string(item, "name", where) or None,
        interval=interval,
        category=check.string(item, "category", where) or None,
    )


def _store(check: Checker, table: Mapping[str, Any]) -> str | None:
    """``[store] url``, checked now so that a bad one is a config error (exit 3)."""
    from monitor.store.url import parse_store_url

    check.keys(table, "store", {"url", "lease"})
    url = check.string(table, "url", "store")
    if url:
        parse_store_url(url, f"{check.path}: [store] url")
    return url or None


def _fetch(check: Checker, table: Mapping[str, Any]) -> FetchConfig:
    fields = {"timeout", "max_bytes", "deadline", "allow_private", "user_agent", "interval"}
    check.keys(table, "fetch", fields | {"workers", "per_host"})
    d = FetchConfig()
    allow = table.get("allow_private", d.allow_private)
    if not isinstance(allow, bool):
        raise check.error("fetch.allow_private", f"must be true or false, not {allow!r}")
    return FetchConfig(
        timeout=check.seconds(table, "timeout", "fetch", d.timeout),
        max_bytes=check.integer(table, "max_bytes", "fetch", d.max_bytes, 1024, GIB),
        deadline=check.seconds(table, "deadline", "fetch", d.deadline),
        allow_private=allow,
        user_agent=check.string(table, "user_agent", "fetch") or d.user_agent,
        interval=check.integer(table, "interval", "fetch", d.interval, 1, MINUTES_A_YEAR),
        workers=check.integer(table, "workers", "fetch", d.workers, 1, MAX_WORKERS),
        per_host=check.integer(table, "per_host", "fetch", d.per_host, 1, MAX_WORKERS),
    )


def _seeds(check: Checker, table: Mapping[str, Any], base: Path) -> SeedsConfig:
    check.keys(table, "seeds", {"paths", "names"})
    names = {}
    for folder, name in check.mapping(table, "names", "seeds").items():
        if not isinstance(name, str) or not name.strip():
            raise check.error(f"seeds.names.{folder}", "must be a publication name (a string)")
        names[base / Path(folder).expanduser()] = name.strip()
    if "paths" not in table:
        return SeedsConfig(names=names)
    paths = check.list(table, "paths", "seeds")
    if not all(isinstance(p, str) and p for p in paths):
        raise check.error("seeds.paths", "must be a list of folder names (strings)")
    return SeedsConfig(paths=tuple(base / Path(p).expanduser() for p in paths), names=names)


def _summary(check: Checker, table: Mapping[str, Any]) -> SummaryConfig:
    check.keys(table, "summary", {"sentences", "max_words", "algorithm", "workers"})
    default = SummaryConfig()
    sentences = check.integer(table, "sentences", "summary", default.sentences, 1, 100)
    max_words = check.integer(table, "max_words", "summary", default.max_words or 0, 0, 10_000)
    algorithm = check.string(table, "algorithm", "summary") or default.algorithm
    if algorithm not in SUMMARY_ALGORITHMS:
        raise check.error("summary.algorithm", f"must be one of {', '.join(SUMMARY_ALGORITHMS)}")
    workers = check.integer(table, "workers", "summary", default.workers, 0, MAX_WORKERS)
    return SummaryConfig(sentences, max_words or None, algorithm, workers)
