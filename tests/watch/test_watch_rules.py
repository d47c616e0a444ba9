"""Watch rules matching (pure): whole words and phrases, acronyms only in capitals, all/none,
regions; the config's [[watch]] tables validated with errors naming the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.config.load import load_config
from monitor.errors import ConfigError
from monitor.models import Region
from monitor.watch.highlight import Span, excerpt, spans
from monitor.watch.rules import Watchlist, WatchRule, clean_term, is_acronym

CORRIDOR = WatchRule("Corridor", any=("CPEC", "Economic Corridor"), none=("cricket",))
DAM = WatchRule("Dam", any=("Rogun",), all=("dam",), regions=(Region.CENTRAL_ASIA,))
RULES = Watchlist((CORRIDOR, DAM))
ASIA = (Region.CENTRAL_ASIA,)


def names(title: str, text: str, regions=ASIA) -> dict[str, tuple[str, ...]]:
    return {hit.rule: hit.terms for hit in RULES.hits(title, text, regions)}


def test_an_acronym_matches_only_in_capitals_and_as_a_whole_word():
    assert names("Port news", "The CPEC-funded port opened.") == {"Corridor": ("CPEC",)}
    assert names("Port news", "The cpec port opened.") == {}
    assert names("Port news", "Three CPECs were planned.") == {}
    assert names("CPEC", "nothing else") == {"Corridor": ("CPEC",)}  # in the title too


def test_a_phrase_matches_whatever_its_case_across_whitespace():
    text = "Work on the economic\n corridor resumed near the border."
    assert names("Roads", text) == {"Corridor": ("Economic Corridor",)}
    assert names("Roads", "The economic corridors resumed.") == {}


def test_none_excludes_and_all_requires():
    assert names("CPEC", "a cricket match") == {}
    assert names("Rogun", "the Rogun dam rose") == {"Dam": ("Rogun", "dam")}
    assert names("Rogun", "the ROGUN project") == {}  # `all` needs "dam"
    assert names("rogun DAM", "") == {"Dam": ("Rogun", "dam")}  # case-blind: not acronyms


def test_regions_limit_a_rule():
    assert names("Rogun", "the Rogun dam", (Region.SOUTH_ASIA,)) == {}
    assert WatchRule("x", any=("y",), regions=(Region.OTHER,)).regions == (Region.OTHER,)
    other = Watchlist((WatchRule("x", any=("yurt",), regions=(Region.OTHER,)),))
    assert other.hits("a yurt", "", ()) != ()  # an article in no region is in "other"


def test_terms_are_cleaned_and_acronyms_told():
    assert clean_term(' "Gwadar  port" ') == "Gwadar port"
    assert is_acronym("TAPI") and is_acronym("U.S.") and not is_acronym("Rogun")
    assert not is_acronym("A")


def test_spans_mark_the_terms_and_keep_everything_else():
    found = spans("<b>CPEC</b> & cpec", ("CPEC",))
    assert found == (Span("<b>"), Span("CPEC", True), Span("</b> & cpec"))
    assert "".join(s.text for s in found) == "<b>CPEC</b> & cpec"


def test_an_excerpt_is_cut_around_the_first_term():
    text = " ".join(["word"] * 100) + " the Rogun dam " + " ".join(["more"] * 100)
    cut = excerpt(text, ("Rogun",))
    assert cut.startswith("… ") and cut.endswith(" …") and "Rogun" in cut
    assert len(cut) < 400
    assert excerpt("no term here", ("Rogun",)) == ""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_config_reads_watch_rules(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[watch]]
name = "CPEC"
any = ["CPEC", "\\"China-Pakistan Economic Corridor\\""]
regions = ["south_asia"]
alert = "immediate"
""",
        )
    )
    (rule,) = config.watch
    assert rule.any == ("CPEC", "China-Pakistan Economic Corridor")
    assert rule.regions == (Region.SOUTH_ASIA,) and rule.alert == "immediate"


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('any = ["x"]', "watch[0].name is required"),
        ('name = "a"', "watch[0] needs at least one term"),
        ('name = "a"\nany = [""]', "watch[0].any must be a list of words"),
        ('name = "a"\nany = ["x"]\nalert = "loud"', "watch[0].alert must be"),
        ('name = "a"\nany = ["x"]\nregions = ["mars"]', "watch[0].regions must be a region"),
        ('name = "a"\nany = ["x"]\ncolour = 1', "watch[0].colour is not a known key"),
        ('name = "a"\nany = ["x"]\n[[watch]]\nname = "a"\nany = ["y"]', "watch[1].name repeats"),
    ],
)
def test_a_wrong_rule_is_refused_naming_the_file_and_key(tmp_path, body, key):
    path = write(tmp_path, f"[[watch]]\n{body}\n")
    with pytest.raises(ConfigError, match=re.escape(key)) as raised:
        load_config(path)
    assert str(path) in str(raised.value)
