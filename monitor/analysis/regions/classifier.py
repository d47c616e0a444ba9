"""Assign an article to regions from the places it names, keeping the evidence.

Scoring (every number is a ``RegionSettings`` field, configurable under ``[regions]`` but for
``subject_weight``):

* each place mention weighs 1, times ``title_weight`` in the title or ``lead_weight`` in the
  first ``lead_words`` words, times ``possessive_weight`` for an actor ("Iran's strategy"),
  ``demonym_weight`` for people ("Chinese engineers"), ``region_name_weight`` for a region's
  own name ("Central Asia") or one of its organisations ("SCO", "GCC"); a title's place after
  "Trans-" is a route across it ("the Trans-Afghan Railway") and weighs as in the lead;
* a mention counts for its country's region, or for no region (the rest of the world), so a
  region's *share* is its weight over the weight of every place named;
* an ambiguous word (Jordan, Georgia, Turkey, the Gulf) counts only when the article also names
  its country, a neighbour or its region unambiguously;
* the subject: when the opening sentence begins (its first regional place) with a place of the
  region the title names first ("Turkmen Gas, Iranian Pipes": "Turkmenistan holds ..."), that
  place gets ``subject_weight`` times the article's place weight, however often the text
  names others further on;
* a hint (feed category, section line, a tag archive's name) that names a region adds
  ``hint_weight`` times the article's place weight (at least ``2 * min_score``) to that
  region: strong, not decisive; bonuses (hints, subject) are not counted in the place weight
  the shares below are measured against;
* in a pair of peoples ("Turkish Cypriots") only the head noun counts;
* the primary region is a region the title names by its region name ("... in South Asia"), else
  the strongest region (a hint does not count against a title that names another region and
  not its own), with ``min_score`` and ``primary_share`` of all
  place weight (``title_primary_share`` when the title names it), each candidate counted with
  the mentions of its borderlands (``borderlands``: Afghanistan and Xinjiang for Central Asia)
  unless the title names the borderland; and, unless the title names it, ``outside_ratio`` of
  the weight of the most-named country outside every region (a Cypriot speech that names
  Turkey often is about Cyprus);
* a secondary region needs ``min_score``, ``secondary_share`` and (unless the title names it)
  a mention in the lead (first ``lead_words`` words, or a hint) and ``secondary_ratio`` of the
  primary's place weight: a region named only deep in the body is context, not a topic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from monitor.analysis.regions.gazetteer import (
    NO_REGION,
    REGION_PREFIX,
    Entry,
    Gazetteer,
    Mention,
    packaged_gazetteer,
)
from monitor.analysis.regions.scoring import (
    BODY,
    LEAD,
    TITLE,
    Counted,
    across,
    evidence,
    heaviest_outside,
    place_weight,
    standing,
    unqualified,
)
from monitor.analysis.regions.settings import RegionSettings
from monitor.analysis.regions.words import opening_words
from monitor.models import Classification, Region

REGIONS: tuple[Region, ...] = tuple(r for r in Region if r is not Region.OTHER)


class Classifier:
    """Built once per process: the gazetteer plus the user's country-to-region choices."""

    def __init__(self, settings: RegionSettings | None = None) -> None:
        self.settings = settings or RegionSettings()
        extra = [
            Entry(word, REGION_PREFIX + region.value, "region")
            for region, words in self.settings.keywords.items()
            for word in words
        ]
        base = packaged_gazetteer()
        self.gazetteer: Gazetteer = base.with_entries(extra) if extra else base
        self._hint_regions = {
            label.casefold(): region for region, label in self.settings.labels.items()
        }

    def classify(self, title: str, text: str, hints: Sequence[str] = ()) -> Classification:
        counted = self._count(title, text)
        total = sum(c.weight for c in counted)
        hinted = self._hints(hints, total)
        counted += self._subject(counted, total, {h.region for h in hinted}) + hinted
        return self._decide(counted)

    def region_of(self, target: str) -> Region | None:
        """The region a gazetteer target belongs to under these settings (None: no region)."""
        if target.startswith(REGION_PREFIX):
            return Region(target[len(REGION_PREFIX) :])
        return None if target == NO_REGION else self.settings.countries.get(target)

    def _count(self, title: str, text: str) -> list[Counted]:
        s = self.settings
        found = unqualified(list(self.gazetteer.find(title, names=False)))
        routes = across(title)
        mentions = [
            (m, s.lead_weight, LEAD) if m.token in routes else (m, s.title_weight, TITLE)
            for m in found
        ]
        mentions += [
            (m, s.lead_weight, LEAD) if m.token < s.lead_words else (m, 1.0, BODY)
            for m in unqualified(list(self.gazetteer.find(text)))
        ]
        supported = self._support([m for m, _, _ in mentions if not m.entry.needs_support])
        mentions = [
            (m, weight, place)
            for m, weight, place in mentions
            if not m.entry.needs_support or m.entry.target in supported
        ]
        opening = opening_words(text)
        opener = next(
            (m for m, _, p in mentions if p != TITLE and m.token < opening and self._in_region(m)),
            None,
        )
        return [
            Counted(
                m.entry.term,
                m.entry.target,
                self.region_of(m.entry.target),
                weight * self._factor(m),
                place,
                opens=m is opener,
            )
            for m, weight, place in mentions
        ]

    def _in_region(self, mention: Mention) -> bool:
        return self.region_of(mention.entry.target) is not None

    def _subject(
        self, counted: list[Counted], total: float, hinted: set[Region | None]
    ) -> list[Counted]:
        """A bonus for the article's subject: the first regional place of the opening sentence,
        when the title's first regional place or a hint is of the same region ("Turkmen Gas,
        Iranian Pipes ...": "Turkmenistan holds ..."). What the article is about weighs more
        than the places it names more often further on; the bonus follows its place (a
        borderland's folds with it). Unconfirmed, an opening is no subject: a speech opens by
        congratulating the Assembly's president on behalf of another country."""
        title = next((c.region for c in counted if c.in_title and c.region is not None), None)
        bonus = self.settings.subject_weight * total
        return [
            replace(c, term=f"subject: {c.term}", weight=bonus, place=LEAD, bonus="subject")
            for c in counted
            if c.opens and (c.region is title or c.region in hinted) and bonus > 0
        ]

    def _factor(self, mention: Mention) -> float:
        factor = self.settings.possessive_weight if mention.possessive else 1.0
        if mention.entry.kind in ("region", "organisation"):
            factor *= self.settings.region_name_weight
        elif mention.entry.kind == "demonym":
            factor *= self.settings.demonym_weight
        return factor

    def _support(self, sure: Iterable[Mention]) -> set[str]:
        """Targets an ambiguous word may stand for: named places, their neighbours, regions."""
        targets = {m.entry.target for m in sure}
        supported = set(targets)
        for target in targets:
            supported |= self.gazetteer.neighbours.get(target, frozenset())
            region = self.region_of(target)
            if region is not None:
                supported.add(REGION_PREFIX + region.value)
        supported |= {
            c for c, r in self.settings.countries.items() if REGION_PREFIX + r in supported
        }
        return supported

    def _hints(self, hints: Sequence[str], total: float) -> list[Counted]:
        """One bonus per region that a hint names, however many hints name it."""
        bonus = self.settings.hint_weight * max(total, 2 * self.settings.min_score)
        found: dict[Region, Counted] = {}
        for hint in (h.strip() for h in hints):
            region = self._hint_regions.get(hint.casefold())
            if region is None:
                entry = self.gazetteer.lookup(hint)
                region = self.region_of(entry.target) if entry else None
            if region is not None and region is not Region.OTHER and region not in found:
                found[region] = Counted(f"hint: {hint}", "", region, bonus, LEAD, "hint")
        return list(found.values())

    def _decide(self, counted: list[Counted]) -> Classification:
        s = self.settings
        total = place_weight(counted)
        titled = {c.region for c in counted if c.in_title}
        best: tuple[tuple[bool, float], Region, list[Counted], dict[Region, float]] | None = None
        for region in self._rank(counted)[0]:  # each candidate, its borderlands folded in
            folded = self._fold_borderlands(counted, region)
            scores = self._rank(folded)[1]
            share = s.title_primary_share if region in titled else s.primary_share
            focus = 0.0 if region in titled else s.outside_ratio * heaviest_outside(folded)
            rank = standing(region, folded, scores[region], titled)
            if scores[region] >= max(share * total, focus) and (best is None or rank > best[0]):
                best = (rank, region, folded, scores)
        if best is None:
            return Classification(Region.OTHER, (), evidence(counted))
        _, primary, counted, scores = best
        secondary = self._secondaries(primary, counted, scores, titled)
        return Classification(primary, (primary, *secondary), evidence(counted))

    def _secondaries(
        self,
        primary: Region,
        counted: list[Counted],
        scores: dict[Region, float],
        titled: set[Region | None],
    ) -> list[Region]:
        """Regions beside the primary: heavy enough, and named in the title or the lead; the
        primary's weight they are measured against is its places', without its hint."""
        s = self.settings
        total = place_weight(counted)
        led = {c.region for c in counted if c.place <= LEAD}
        lead = s.secondary_ratio * place_weight([c for c in counted if c.region is primary])
        return [
            r
            for r in self._rank(counted)[0]
            if r is not primary
            and scores[r] >= s.secondary_share * total
            and (r in titled or (r in led and scores[r] >= lead))
        ]

    def _rank(self, counted: list[Counted]) -> tuple[list[Region], dict[Region, float]]:
        """Regions with at least ``min_score``, strongest first, and every region's score."""
        scores: dict[Region, float] = {
            r: sum((c.weight for c in counted if c.region is r), 0.0) for r in REGIONS
        }
        ranked = [r for r in REGIONS if scores[r] >= self.settings.min_score]
        return sorted(ranked, key=lambda r: -scores[r]), scores

    def _fold_borderlands(self, counted: list[Counted], primary: Region) -> list[Counted]:
        """A borderland's mentions count for ``primary`` when it is theirs too, unless the
        borderland is named in the title (then the article is about it)."""
        folds = self.settings.borderlands
        in_title = {c.target for c in counted if c.in_title}
        return [
            replace(c, region=primary)
            if c.target not in in_title and primary in folds.get(c.target, ())
            else c
            for c in counted
        ]
