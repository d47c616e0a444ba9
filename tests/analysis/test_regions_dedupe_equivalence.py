"""The fast paths of place finding and near-duplicate keys give what the plain implementations
they replace gave (kept here as the reference): the same tokens, mentions, band keys and
duplicate decisions, on evaluation articles and on generated texts full of edge cases."""

from __future__ import annotations

import json
import random
import re
from itertools import islice

import numpy as np
import pytest
from paths import EVAL, require_shared

from monitor.analysis.regions import gazetteer
from monitor.analysis.regions import words as place_words
from monitor.analysis.regions.gazetteer import (
    NOT_A_PLACE,
    Gazetteer,
    Mention,
    packaged_gazetteer,
    tokens,
)
from monitor.identity import neardup

EDGE_CASES = [
    "", "a", "Iran's envoy", "Iran’s envoy", "Iran's's", "don't", "'s Iran", "Iran'sx",
    "deal_x Oman_ x_Iran", "U.S.-Iran", "naïve Herāt Türkiye", "£5bn to Côte d’Ivoire",
    "东京 Tōkyō", "South and Central Asia", "South/Central Asia", "xSouth and North Europe",
    "Northern or Southern Africa's", "Iran\u2019s a\u00adb", "a\ud800b Iran", "Iran\x1cOman",
    "THE GAMBIA and the Gambia", "Jordan Peterson met Jordan's king",
]  # fmt: skip
ALPHABET = ["Iran", "Oman", "Jordan", "Asia", "South", "Central", "the", "of", "United",
            "States", "s", "'", "’", "_", "-", " ", " ", " and ", ".", "é", "Ā", "东", "£",
            "5", "\u00ad", "\n", "Turkish", "Cypriots", "Gulf", "Herāt", "/"]  # fmt: skip


def _eval_texts(count: int) -> list[str]:
    texts = []
    for path in (EVAL / "regions" / "dev.jsonl", *sorted((EVAL / "summaries").glob("*.jsonl"))):
        require_shared(path)
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in islice(lines, count)]
    return texts


def _generated(count: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(ALPHABET, k=rng.randint(0, 80))) for _ in range(count)]


TEXTS = EDGE_CASES + _generated(400)


# -- places --------------------------------------------------------------------------------


def _plain_find(places: Gazetteer, text: str, names: bool = True) -> list[Mention]:
    """The former ``Gazetteer.find``: (word, possessive) tuples, every size tried per start."""
    words = [(w, p) for w, p in place_words._TOKEN.findall(
        place_words._COORDINATED.sub(r"\1 \4\2\3 \4", text))]  # fmt: skip
    found_all, free = [], 0
    for i, (word, _) in enumerate(words):
        most = places._longest.get(word.casefold()) if word[0].isupper() else None
        if not most or i < free:
            continue
        most = min(most, len(words) - i)
        folded = tuple(w.casefold() for w, _ in words[i : i + most])
        found = next(
            (
                key
                for size in range(most, 0, -1)
                if (key := places._keys.get(folded[:size])) is not None
                and all(gazetteer._looks(words[i + k][0], c) for k, c in enumerate(key.case))
            ),
            None,
        )
        if found is None:
            continue
        size = len(found.case)
        possessive = bool(words[i + size - 1][1])
        after = i + size
        name_part = (
            found.entry.needs_support
            and after < len(words)
            and words[after][0][:1].isupper()
            and words[after][0].casefold() not in places._followers
            and (words[after][0].casefold(),) not in places._keys
        )
        if found.entry.target != NOT_A_PLACE and not (names and not possessive and name_part):
            found_all.append(Mention(found.entry, i, possessive))
        free = after
    return found_all


def test_word_tokens_are_the_tokens_with_their_possessive_kept():
    for text in TEXTS + _eval_texts(40):
        fast = [(place_words.bare(w), w[-2:] in place_words.POSSESSIVE)
                for w in place_words.word_tokens(text)]  # fmt: skip
        assert fast == tokens(text), text[:80]


def test_both_word_classes_agree_on_texts_without_non_ascii_word_characters():
    for text in TEXTS:
        if not re.search(r"[^\W\x00-\x7f]", text):  # only such texts take the ASCII class
            assert place_words._ASCII_WORD.findall(text) == place_words._WORD.findall(text)


def test_coordinated_regions_are_written_out_as_the_plain_substitution_does():
    for text in TEXTS:
        expected = place_words._COORDINATED.sub(r"\1 \4\2\3 \4", text)
        assert place_words.coordinated(text) == expected
    assert place_words.coordinated("South and Central Asia") == "South Asia and Central Asia"


@pytest.mark.parametrize("names", [True, False])
def test_found_places_are_what_the_plain_pass_finds(names):
    places = packaged_gazetteer()
    for text in TEXTS + _eval_texts(80):
        assert list(places.find(text, names)) == _plain_find(places, text, names), text[:80]


def test_a_copy_with_extra_names_walks_their_words_too():
    extended = packaged_gazetteer().with_entries([gazetteer.Entry("Fergana Valley Towns", "UZ",
                                                                  "curated")])  # fmt: skip
    text = "In the Fergana Valley Towns and the Fergana Valley, Bishkek's mayor spoke."
    assert list(extended.find(text)) == _plain_find(extended, text)
    assert [m.entry.term for m in extended.find(text)][0] == "Fergana Valley Towns"


# -- near-duplicates -----------------------------------------------------------------------


def _plain_band_keys(text: str) -> list[tuple[int, int]]:
    """The former ``band_keys``: sets of shingle strings, crc32 one by one."""

    def keys(shingle_set: set[str], first_band: int) -> list[tuple[int, int]]:
        bands = neardup.minhash(shingle_set).reshape(neardup.BANDS, neardup.ROWS)
        mixed = (bands * neardup._ROW_MIX).sum(axis=1, dtype=np.uint64) >> np.uint64(1)
        return [(first_band + n, int(key)) for n, key in enumerate(mixed)]

    tokens_ = neardup.words(text)
    whole = neardup.shingles(tokens_)
    if len(whole) < neardup.MIN_SHINGLES:
        return []
    found = keys(whole, 0)
    if len(tokens_) > neardup.LEAD_WORDS:
        found += keys(neardup.shingles(tokens_[: neardup.LEAD_WORDS]), neardup.BANDS)
    return found


def _plain_rule(first: str, second: str) -> str | None:
    """The former ``duplicate_rule``: shingle strings of ``words``."""
    first_words, second_words = neardup.words(first), neardup.words(second)
    a, b = neardup.shingles(first_words), neardup.shingles(second_words)
    smaller, larger = sorted((len(a), len(b)))
    if smaller < neardup.MIN_SHINGLES:
        return None
    common = len(a & b)
    if common / (len(a) + len(b) - common) >= neardup.JACCARD_THRESHOLD:
        return "near_duplicate"
    if common / smaller < neardup.CONTAINMENT_THRESHOLD:
        return None
    lead = neardup.LEAD_WORDS
    la, lb = neardup.shingles(first_words[:lead]), neardup.shingles(second_words[:lead])
    if larger <= neardup.MAX_CONTAINER_RATIO * smaller or len(la & lb) >= (
        neardup.JACCARD_THRESHOLD * len(la | lb)
    ):
        return "containment"
    return None


def _long_texts() -> list[str]:
    """Around and above the thresholds: 40 distinct shingles, a 60-word lead, repeats."""
    numbered = [" ".join(f"w{n}" for n in range(size)) for size in (41, 42, 43, 60, 61, 62, 63)]
    return numbered + ["x " * 100, "a b c " * 30 + "d e f", " ".join(ALPHABET) * 5]


def test_encoded_words_are_the_words_in_utf8():
    for text in TEXTS + _eval_texts(40):
        assert neardup.encoded_words(text) == [w.encode() for w in neardup.words(text)]


def test_band_keys_are_what_the_plain_computation_gives():
    texts = TEXTS + _long_texts() + _eval_texts(60)
    for text in texts:
        assert neardup.band_keys(text) == _plain_band_keys(text), text[:80]
    assert sum(bool(neardup.band_keys(t)) for t in texts) > 150


def test_joined_encoded_words_are_the_encoded_shingles():
    text = "Ünïcode words, £5 and 東京: the same bytes, the same hashes"
    encoded, plain = neardup.encoded_words(text), neardup.words(text)
    runs = [b" ".join(encoded[i : i + 3]) for i in range(len(encoded) - 2)]
    assert runs == [" ".join(plain[i : i + 3]).encode() for i in range(len(plain) - 2)]


def test_duplicate_decisions_are_what_the_plain_rule_gives():
    texts = _eval_texts(30) + _long_texts()
    rng = random.Random(4)
    pairs = []
    for text in texts:
        cut = text.split()
        pairs += [
            (text, " ".join(cut[: len(cut) // 2])),
            (" ".join(cut[: len(cut) // 3]), text),
            (text, "Home | News\n\n" + text + "\n\nShare this."),
            (text, " ".join(w if rng.random() > 0.05 else "zz" for w in cut)),
            (text, rng.choice(texts)),
        ]
    decisions = [neardup.duplicate_rule(a, b) for a, b in pairs]
    assert decisions == [_plain_rule(a, b) for a, b in pairs]
    assert {"near_duplicate", "containment", None} <= set(decisions)
