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
from monitor.models import Region
from monitor.regions import RegionSettings, region_groups

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
class Config:
    feeds: tuple[FeedConfig, ...] = tuple(FeedConfig(url, name) for url, name in DEFAULT_FEEDS)
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    regions: RegionSettings = field(default_factory=RegionSettings)
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
    check.keys(data, "", {"feeds", "seeds", "summary", "regions"})
    base = path.parent
    feeds = Config().feeds
    if "feeds" in data:
        feeds = tuple(_feed(check, item, i) for i, item in enumerate(check.list(data, "feeds")))
    return Config(
        feeds=feeds,
        seeds=_seeds(check, check.table(data, "seeds"), base),
        summary=_summary(check, check.table(data, "summary")),
        regions=_regions(check, check.table(data, "regions")),
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


_REGION_NUMBERS = (
    "title_weight",
    "lead_weight",
    "possessive_weight",
    "demonym_weight",
    "region_name_weight",
    "hint_weight",
    "min_score",
    "primary_share",
    "title_primary_share",
    "secondary_share",
    "secondary_ratio",
)


def _regions(check: _Checker, table: Mapping[str, Any]) -> RegionSettings:
    """``[regions]``: country and group moves, borderland folds, labels, keywords, thresholds."""
    maps = {"countries", "groups", "borderlands", "labels", "keywords"}
    check.keys(table, "regions", maps | set(_REGION_NUMBERS) | {"lead_words"})
    default = RegionSettings()
    numbers = {k: check.number(table, k, "regions", getattr(default, k)) for k in _REGION_NUMBERS}
    return replace(
        default,
        countries=_region_countries(check, table, dict(default.countries)),
        borderlands=_region_borderlands(check, table, dict(default.borderlands)),
        labels=_region_labels(check, table, dict(default.labels)),
        keywords=_region_keywords(check, table),
        lead_words=check.integer(table, "lead_words", "regions", default.lead_words, minimum=0),
        **numbers,
    )


def _region_countries(
    check: _Checker, table: Mapping[str, Any], countries: dict[str, Region]
) -> dict[str, Region]:
    """Groups move first, then single countries (so a country's own line wins)."""
    groups = region_groups()
    for name, region in check.mapping(table, "groups", "regions").items():
        if name not in groups:
            raise check.error(f"regions.groups.{name}", f"is not a group ({', '.join(groups)})")
        for code in groups[name]:
            _move(countries, code, check.region(region, f"regions.groups.{name}"))
    for code, region in check.mapping(table, "countries", "regions").items():
        check.country(code, f"regions.countries.{code}")
        _move(countries, code.upper(), check.region(region, f"regions.countries.{code}"))
    return countries


def _move(countries: dict[str, Region], code: str, region: Region) -> None:
    if region is Region.OTHER:
        countries.pop(code, None)
    else:
        countries[code] = region


def _region_borderlands(
    check: _Checker, table: Mapping[str, Any], borderlands: dict[str, tuple[Region, ...]]
) -> dict[str, tuple[Region, ...]]:
    for code, regions in check.mapping(table, "borderlands", "regions").items():
        where = f"regions.borderlands.{code}"
        check.country(code, where)
        if not isinstance(regions, list):
            raise check.error(where, 'must be a list of regions, like ["central_asia"]')
        borderlands[code.upper()] = tuple(check.region(r, where) for r in regions)
    return borderlands


def _region_labels(
    check: _Checker, table: Mapping[str, Any], labels: dict[Region, str]
) -> dict[Region, str]:
    for name, label in check.mapping(table, "labels", "regions").items():
        if not isinstance(label, str) or not label:
            raise check.error(f"regions.labels.{name}", "must be a non-empty string")
        labels[check.region(name, "regions.labels")] = label
    return labels


def _region_keywords(check: _Checker, table: Mapping[str, Any]) -> dict[Region, tuple[str, ...]]:
    keywords = {}
    for name, words in check.mapping(table, "keywords", "regions").items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise check.error(f"regions.keywords.{name}", "must be a list of words")
        keywords[check.region(name, "regions.keywords")] = tuple(words)
    return keywords


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

    def integer(
        self, data: Mapping[str, Any], key: str, where: str, default: int, minimum: int
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(
                f"{where}.{key}", f"must be a whole number >= {minimum}, not {value!r}"
            )
        return value
