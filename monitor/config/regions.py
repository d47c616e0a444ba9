"""The ``[regions]`` section of the config: country and group moves, borderland folds, labels,
extra keywords and the scoring numbers, validated into ``RegionSettings``.

``config.parse_config`` calls ``parse_regions`` with its checker, which names the file and the
key in every error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from monitor.analysis.regions.settings import RegionSettings, region_groups
from monitor.config.check import Checker
from monitor.models import Region

#: The scoring numbers and their largest values (each from 0): a share is a fraction of all the
#: place weight; a weight multiplies a mention; a ratio compares two weights.
_REGION_NUMBERS = {
    "title_weight": 100.0,
    "lead_weight": 100.0,
    "possessive_weight": 100.0,
    "demonym_weight": 100.0,
    "region_name_weight": 100.0,
    "hint_weight": 100.0,
    "min_score": 10_000.0,
    "primary_share": 1.0,
    "title_primary_share": 1.0,
    "secondary_share": 1.0,
    "secondary_ratio": 100.0,
    "outside_ratio": 100.0,
}


def parse_regions(check: Checker, table: Mapping[str, Any]) -> RegionSettings:
    """``[regions]``: country and group moves, borderland folds, labels, keywords, thresholds."""
    maps = {"countries", "groups", "borderlands", "labels", "keywords"}
    check.keys(table, "regions", maps | set(_REGION_NUMBERS) | {"lead_words"})
    default = RegionSettings()
    numbers = {
        key: check.number(table, key, "regions", getattr(default, key), maximum)
        for key, maximum in _REGION_NUMBERS.items()
    }
    moves = "groups" in table or "countries" in table  # else the packaged table, read when used
    return replace(
        default,
        own_countries=_region_countries(check, table, dict(default.countries)) if moves else None,
        own_borderlands=(
            _region_borderlands(check, table, dict(default.borderlands))
            if "borderlands" in table
            else None
        ),
        labels=_region_labels(check, table, dict(default.labels)),
        keywords=_region_keywords(check, table),
        lead_words=check.integer(table, "lead_words", "regions", default.lead_words, 0, 100_000),
        **numbers,
    )


def _region_countries(
    check: Checker, table: Mapping[str, Any], countries: dict[str, Region]
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
    check: Checker, table: Mapping[str, Any], borderlands: dict[str, tuple[Region, ...]]
) -> dict[str, tuple[Region, ...]]:
    for code, regions in check.mapping(table, "borderlands", "regions").items():
        where = f"regions.borderlands.{code}"
        check.country(code, where)
        if not isinstance(regions, list):
            raise check.error(where, 'must be a list of regions, like ["central_asia"]')
        borderlands[code.upper()] = tuple(check.region(r, where) for r in regions)
    return borderlands


def _region_labels(
    check: Checker, table: Mapping[str, Any], labels: dict[Region, str]
) -> dict[Region, str]:
    for name, label in check.mapping(table, "labels", "regions").items():
        if not isinstance(label, str) or not label:
            raise check.error(f"regions.labels.{name}", "must be a non-empty string")
        labels[check.region(name, "regions.labels")] = label
    return labels


def _region_keywords(check: Checker, table: Mapping[str, Any]) -> dict[Region, tuple[str, ...]]:
    keywords = {}
    for name, words in check.mapping(table, "keywords", "regions").items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise check.error(f"regions.keywords.{name}", "must be a list of words")
        keywords[check.region(name, "regions.keywords")] = tuple(words)
    return keywords
