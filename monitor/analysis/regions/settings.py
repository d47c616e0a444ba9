"""The region settings (a value): which countries make each region, the borderland folds, the
labels, extra keywords and the scoring numbers; ``[regions]`` in the config fills it.

Constructing it reads nothing: the packaged country table (``data/regions.toml``) is read once,
when a setting that needs it is first asked for, and only where the config does not give its
own table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from monitor.models import Region


@cache
def default_countries() -> Mapping[str, Region]:
    """Country code -> region, as ``data/regions.toml`` ships it."""
    from monitor.analysis.regions.gazetteer import packaged_regions

    tables = packaged_regions()["regions"]
    found = {code: Region(name) for name, t in tables.items() for code in t["countries"]}
    return MappingProxyType(found)


@cache
def default_borderlands() -> Mapping[str, tuple[Region, ...]]:
    """Borderland code -> the regions its mentions may fold into (``[borderlands]`` data)."""
    from monitor.analysis.regions.gazetteer import packaged_regions

    table = packaged_regions()["borderlands"]
    return MappingProxyType({c: tuple(Region(r) for r in rs) for c, rs in table.items()})


def region_groups() -> dict[str, tuple[str, ...]]:
    """The borderland groups (``north_africa``, ``caucasus``, ...) and their country codes."""
    from monitor.analysis.regions.gazetteer import packaged_regions

    return {name: tuple(codes) for name, codes in packaged_regions()["groups"].items()}


@dataclass(frozen=True)
class RegionSettings:
    """Which countries make each region, and the weights and thresholds of the scoring.

    ``own_countries`` / ``own_borderlands``: the config's tables, or None for the packaged
    ones (``countries`` and ``borderlands`` give whichever applies)."""

    own_countries: Mapping[str, Region] | None = None
    own_borderlands: Mapping[str, tuple[Region, ...]] | None = None
    labels: Mapping[Region, str] = field(default_factory=lambda: {r: r.label for r in Region})
    keywords: Mapping[Region, tuple[str, ...]] = field(default_factory=dict)  # extra names
    title_weight: float = 3.0
    lead_weight: float = 2.0
    lead_words: int = 60
    possessive_weight: float = 0.5
    demonym_weight: float = 0.5
    region_name_weight: float = 1.0
    hint_weight: float = 0.5
    subject_weight: float = 0.5  # not in [regions] yet: the lead's subject (classifier)
    min_score: float = 2.0
    primary_share: float = 0.3
    title_primary_share: float = 0.2  # for a region named in the title
    secondary_share: float = 0.15
    secondary_ratio: float = 0.5
    outside_ratio: float = 0.6  # the primary outweighs this times the heaviest outside country

    @property
    def countries(self) -> Mapping[str, Region]:
        return default_countries() if self.own_countries is None else self.own_countries

    @property
    def borderlands(self) -> Mapping[str, tuple[Region, ...]]:
        return default_borderlands() if self.own_borderlands is None else self.own_borderlands
