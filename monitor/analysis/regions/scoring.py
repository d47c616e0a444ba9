"""The pieces of the region score: each counted mention or bonus, and the pure rules the
classifier decides with (a people's qualifier, routes across a place, the heaviest outside
country, a candidate's standing, the evidence)."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.analysis.regions.gazetteer import NO_REGION, REGION_PREFIX, Mention
from monitor.analysis.regions.words import coordinated, word_tokens
from monitor.models import Evidence, Region

TITLE, LEAD, BODY = 0, 1, 2


@dataclass(frozen=True)
class Counted:
    term: str
    target: str
    region: Region | None  # None: a place in no region
    weight: float
    place: int = 0  # TITLE, LEAD (hints too) or BODY
    bonus: str = ""  # "hint" or "subject": a bonus, not a place the text names
    opens: bool = False  # the first place of the text's first sentence: its subject

    @property
    def in_title(self) -> bool:
        return self.place == TITLE


def unqualified(mentions: list[Mention]) -> list[Mention]:
    """Without a people's qualifier: in "Turkish Cypriots", "Indian Americans", "Chinese Uyghurs"
    the head noun names the people the text is about; the adjective before it does not count."""
    qualifiers: set[int] = set()
    for i, (first, second) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if (
            first.entry.kind == second.entry.kind == "demonym"
            and second.token == first.token + 1
            and first.entry.target != second.entry.target
            and not first.possessive
        ):
            qualifiers.add(i)
    return [m for i, m in enumerate(mentions) if i not in qualifiers]


def across(title: str) -> set[int]:
    """The words after "Trans-": "the Trans-Afghan Railway" is a route across Afghanistan, not
    an article about it, so the place counts as a lead's, not the title's."""
    words = word_tokens(coordinated(title))
    return {i + 1 for i, word in enumerate(words) if word.casefold() == "trans"}


def heaviest_outside(counted: list[Counted]) -> float:
    """The weight of the most-named country outside every region: the article's focus when it
    outweighs a region ("Cyprus" against the "Turkish" mentions of a Cypriot speech)."""
    weights: dict[str, float] = {}
    for c in counted:
        if c.region is None and c.target != NO_REGION:
            weights[c.target] = weights.get(c.target, 0.0) + c.weight
    return max(weights.values(), default=0.0)


def standing(
    region: Region, counted: list[Counted], score: float, titled: set[Region | None]
) -> tuple[bool, float]:
    """How a candidate ranks for primary: a region the title names by its region name first
    (the title states the beat), then by weight; a hint does not overrule the title: while the
    title names another region and neither the title nor the subject (see the classifier's
    ``_subject``) is this one, this one's hint does not count here."""
    named = any(c.in_title and c.region is region and c.target.startswith(REGION_PREFIX)
                for c in counted)  # fmt: skip
    subject = any(c.bonus == "subject" and c.region is region for c in counted)
    if region not in titled and not subject and titled - {region, None}:
        score -= sum(c.weight for c in counted if c.bonus == "hint" and c.region is region)
    return named, score


def place_weight(counted: list[Counted]) -> float:
    """The weight of the places the article names: what shares are measured against (a hint's
    or the subject's bonus lifts its region without diluting the others)."""
    return sum(c.weight for c in counted if not c.bonus)


def evidence(counted: list[Counted]) -> tuple[Evidence, ...]:
    """One item per (term, region), heaviest first; weight is the term's share of the total."""
    total = sum(c.weight for c in counted)
    grouped: dict[tuple[str, Region], list[float]] = {}
    for c in counted:
        grouped.setdefault((c.term, c.region or Region.OTHER), []).append(c.weight)
    items = [
        Evidence(term=term, region=region, count=len(ws), weight=sum(ws) / total if total else 0.0)
        for (term, region), ws in grouped.items()
    ]
    return tuple(sorted(items, key=lambda e: (-e.weight, e.term)))
