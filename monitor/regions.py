"""Assign an article to regions from the places it names, keeping the evidence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from monitor.models import Classification, Evidence, Region

_DEFAULT_TERMS: dict[Region, tuple[str, ...]] = {
    Region.CENTRAL_ASIA: (
        "Central Asia", "Central Asian", "Kazakhstan", "Kazakh", "Kyrgyzstan", "Kyrgyz",
        "Tajikistan", "Tajik", "Turkmenistan", "Turkmen", "Uzbekistan", "Uzbek", "Astana",
        "Almaty", "Bishkek", "Dushanbe", "Ashgabat", "Tashkent", "Fergana",
    ),
    Region.SOUTH_ASIA: (
        "South Asia", "South Asian", "Afghanistan", "Afghan", "Pakistan", "Pakistani", "India",
        "Indian", "Bangladesh", "Nepal", "Sri Lanka", "Bhutan", "Maldives", "Kabul", "Islamabad",
        "New Delhi", "Dhaka", "Balochistan", "Kashmir", "CPEC", "Gwadar", "Taliban",
    ),
    Region.MIDDLE_EAST: (
        "Middle East", "Iran", "Iranian", "Iraq", "Iraqi", "Syria", "Syrian", "Israel", "Israeli",
        "Lebanon", "Saudi Arabia", "Saudi", "Yemen", "Qatar", "Kuwait", "Oman", "Bahrain",
        "United Arab Emirates", "Egypt", "Libya", "Libyan", "Tehran", "Baghdad", "Damascus",
        "Gaza", "Hezbollah", "Palestinian",
    ),
}


@dataclass(frozen=True)
class RegionSettings:
    terms: dict[Region, tuple[str, ...]] = field(default_factory=lambda: dict(_DEFAULT_TERMS))
    min_share: float = 0.25  # a region needs this share of all region mentions
    min_mentions: int = 3


class Classifier:
    """Built once: one compiled pattern for every term."""

    def __init__(self, settings: RegionSettings | None = None) -> None:
        self.settings = settings or RegionSettings()
        self._region_of = {t.casefold(): r for r, ts in self.settings.terms.items() for t in ts}
        names = sorted(self._region_of, key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")s?\b", re.I)

    def classify(self, title: str, text: str, hints: Sequence[str] = ()) -> Classification:
        counts = Counter(m.group(1).casefold() for m in self._pattern.finditer(f"{title}\n{text}"))
        scores: Counter[Region] = Counter()
        for term, n in counts.items():
            scores[self._region_of[term]] += n
        total = sum(scores.values())
        chosen = [
            r for r, s in scores.most_common()
            if s >= self.settings.min_mentions and s / total >= self.settings.min_share
        ]
        evidence = tuple(
            Evidence(term=t, region=self._region_of[t], count=n, weight=n / total)
            for t, n in counts.most_common()
        )
        if not chosen:
            return Classification(primary=Region.OTHER, regions=(), evidence=evidence)
        return Classification(primary=chosen[0], regions=tuple(chosen), evidence=evidence)
