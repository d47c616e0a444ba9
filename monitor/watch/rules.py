"""Watch rules and how they match an article (pure).

A term is a word or a phrase ("China-Pakistan Economic Corridor"), matched as whole words in the
title and the text. A term written in capitals (CPEC, TAPI) is an acronym: it matches only in
capitals; any other term matches whatever its case. A phrase matches across any whitespace.
``Watchlist`` compiles the rules once; ``hits`` tokenises an article once and looks single words up
in sets, so that many rules cost little more than a few.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from monitor.models import Region

DIGEST, IMMEDIATE = "digest", "immediate"
ALERTS = (DIGEST, IMMEDIATE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class WatchRule:
    """A ``[[watch]]`` table: at least one of ``any``, all of ``all``, none of ``none``, in an
    article of one of ``regions`` (empty: any region)."""

    name: str
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    alert: str = DIGEST


@dataclass(frozen=True)
class Hit:
    """A rule that matched an article, and the terms it matched on (in the rule's order)."""

    rule: str
    terms: tuple[str, ...]


def clean_term(term: str) -> str:
    """A term as written in the config, without the quotes a phrase may be given in."""
    term = " ".join(term.split())
    if len(term) > 1 and term[0] == term[-1] == '"':
        term = " ".join(term[1:-1].split())
    return term


def is_acronym(term: str) -> bool:
    """CPEC, TAPI, U.S.: written in capitals, so matched only in capitals."""
    return term.isupper() and sum(c.isalpha() for c in term) >= 2


@dataclass(frozen=True)
class Term:
    """One term compiled: its words, and a pattern for a term that is not a single word."""

    text: str

    @cached_property
    def exact(self) -> bool:
        return is_acronym(self.text)

    @cached_property
    def words(self) -> tuple[str, ...]:
        found = _WORD.findall(self.text)
        return tuple(found if self.exact else (w.casefold() for w in found))

    @cached_property
    def single(self) -> bool:
        return len(self.words) == 1 and _WORD.fullmatch(self.text) is not None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Whole words, any whitespace between them; case-blind unless an acronym."""
        body = r"\s+".join(re.escape(part) for part in self.text.split())
        flags = 0 if self.exact else re.IGNORECASE
        return re.compile(rf"(?<!\w){body}(?!\w)", flags)


class Words:
    """An article's text tokenised once: its words as written, and case-folded."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = set(_WORD.findall(text))
        self.folded = {word.casefold() for word in self.exact}

    def has(self, term: Term) -> bool:
        words = self.exact if term.exact else self.folded
        if not all(word in words for word in term.words):
            return False
        return term.single or term.pattern.search(self.text) is not None


class Watchlist:
    """Rules compiled once; ``hits`` says which of them match an article. Terms are indexed by
    their first word, so an article is checked only for the terms whose first word it has, and
    only the rules naming a term found are evaluated."""

    def __init__(self, rules: Sequence[WatchRule]) -> None:
        self.rules = tuple(rules)
        texts = dict.fromkeys(t for rule in self.rules for t in (*rule.any, *rule.all, *rule.none))
        self._exact: dict[str, list[Term]] = {}  # first word -> the acronyms starting with it
        self._folded: dict[str, list[Term]] = {}  # the same, case-folded, for the other terms
        for term in map(Term, texts):
            index = self._exact if term.exact else self._folded
            index.setdefault(term.words[0], []).append(term)
        self._rules_of: dict[str, list[int]] = {}  # term -> the rules whose any/all name it
        for i, rule in enumerate(self.rules):
            for text in dict.fromkeys((*rule.any, *rule.all)):
                self._rules_of.setdefault(text, []).append(i)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def rule(self, name: str) -> WatchRule | None:
        return next((rule for rule in self.rules if rule.name == name), None)

    def terms_in(self, title: str, text: str) -> set[str]:
        """The terms of any rule that are in the title or the text."""
        words = Words(f"{title}\n\n{text}")
        found: set[str] = set()
        for index, present in ((self._exact, words.exact), (self._folded, words.folded)):
            for first in present.intersection(index):
                found.update(term.text for term in index[first] if words.has(term))
        return found

    def hits(self, title: str, text: str, regions: Iterable[Region]) -> tuple[Hit, ...]:
        """Every rule matching an article of ``regions`` (empty: the article is in none)."""
        if not self.rules:
            return ()
        found = self.terms_in(title, text)
        places = set(regions) or {Region.OTHER}
        candidates = sorted({i for term in found for i in self._rules_of.get(term, ())})
        return tuple(
            Hit(rule.name, matched)
            for rule in (self.rules[i] for i in candidates)
            if (matched := matches(rule, found, places))
        )


def matches(rule: WatchRule, found: set[str], regions: set[Region]) -> tuple[str, ...]:
    """The terms ``rule`` matched on, given the terms ``found`` in an article of ``regions``;
    empty when it does not match."""
    if rule.regions and not regions & set(rule.regions):
        return ()
    if rule.any and not found.intersection(rule.any):
        return ()
    if not all(term in found for term in rule.all) or found.intersection(rule.none):
        return ()
    return tuple(dict.fromkeys(t for t in (*rule.any, *rule.all) if t in found))


def why_not(rule: WatchRule, found: set[str], regions: set[Region]) -> str:
    """Why ``rule`` does not match (for ``monitor watch test``)."""
    if rule.regions and not regions & set(rule.regions):
        names = ", ".join(r.value for r in sorted(regions))
        return f"the article is in {names or 'no region'}, not in {', '.join(rule.regions)}"
    if rule.any and not found.intersection(rule.any):
        return "none of its `any` terms is there"
    missing = [term for term in rule.all if term not in found]
    if missing:
        return f"`all` terms missing: {', '.join(missing)}"
    excluded = [term for term in rule.none if term in found]
    return f"`none` terms found: {', '.join(excluded)}"


@lru_cache(maxsize=8)
def compiled(rules: tuple[WatchRule, ...]) -> Watchlist:
    """The watchlist of ``rules``, compiled once for every ingest that uses them."""
    return Watchlist(rules)
