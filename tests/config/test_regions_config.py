"""The ``[regions]`` config section: parsed into RegionSettings, validated with clear errors,
and used by the pipeline's Analyser and by ``monitor classify``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from monitor.analysis.analyser import Analyser
from monitor.analysis.regions.classifier import Classifier
from monitor.analysis.regions.settings import RegionSettings
from monitor.cli.main import main
from monitor.config.load import Config, load_config
from monitor.errors import ConfigError
from monitor.models import Article, Region

LIBYA = (
    "Talks on Libya",
    "Libya's rival governments met in Tripoli. The Libyan delegations from Benghazi and "
    "Misrata agreed on a timetable, and Tripoli will host the next round.",
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_packaged_settings():
    assert Config().regions == RegionSettings()
    assert RegionSettings().countries["AF"] is Region.SOUTH_ASIA
    assert RegionSettings().countries["LY"] is Region.MIDDLE_EAST
    assert "GE" not in RegionSettings().countries  # the Caucasus is in no region by default


def test_moves_labels_keywords_and_thresholds_are_read(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[regions]
countries = { af = "central_asia", GE = "central_asia" }
groups = { north_africa = "other" }
borderlands = { AZ = ["central_asia"] }
labels = { central_asia = "Central Asia and the Caucasus" }
keywords = { central_asia = ["Turkic Council"] }
min_score = 1
primary_share = 0.25
lead_words = 40
""",
        )
    )
    settings = config.regions
    assert settings.countries["AF"] is Region.CENTRAL_ASIA
    assert settings.countries["GE"] is Region.CENTRAL_ASIA
    assert "LY" not in settings.countries and "EG" not in settings.countries
    assert settings.borderlands["AZ"] == (Region.CENTRAL_ASIA,)
    assert settings.borderlands["AF"] == RegionSettings().borderlands["AF"]  # others kept
    assert settings.labels[Region.CENTRAL_ASIA] == "Central Asia and the Caucasus"
    assert settings.keywords == {Region.CENTRAL_ASIA: ("Turkic Council",)}
    assert (settings.min_score, settings.primary_share, settings.lead_words) == (1.0, 0.25, 40)
    assert Classifier(settings).classify(*LIBYA).primary is Region.OTHER
    assert Classifier().classify(*LIBYA).primary is Region.MIDDLE_EAST


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[regions]\ncountries = { AF = "east_asia" }\n', "regions.countries.AF"),
        ('[regions]\ngroups = { sahara = "other" }\n', "regions.groups.sahara"),
        ('[regions]\nborderlands = { AF = "central_asia" }\n', "regions.borderlands.AF"),
        ('[regions]\nlabels = { central_asia = "" }\n', "regions.labels.central_asia"),
        ('[regions]\nkeywords = { central_asia = "Turkic" }\n', "regions.keywords.central_asia"),
        ("[regions]\nmin_score = -1\n", "regions.min_score"),
        ('[regions]\nprimary_share = "high"\n', "regions.primary_share"),
        ("[regions]\nthreshold = 1\n", "regions.threshold"),
        ("[regions]\ncountries = 3\n", "regions.countries"),
        ('[regions]\ncountries = { Afghanistan = "central_asia" }\n', "regions.countries.Afgh"),
        ('[regions]\nborderlands = { Iran = ["south_asia"] }\n', "regions.borderlands.Iran"),
    ],
)
def test_errors_name_the_key_and_what_is_allowed(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in error.value.message and key in error.value.message


def test_the_analyser_classifies_with_the_configured_regions(tmp_path):
    config = load_config(write(tmp_path, '[regions]\ngroups = { north_africa = "other" }\n'))
    article = Article(title=LIBYA[0], text=LIBYA[1], source="test", layout="text")
    analyser = Analyser(config)
    identity = analyser.identify(article)
    assert analyser.analyse(article, identity).classification.primary is Region.OTHER
    default = Analyser(Config())
    assert default.analyse(article, identity).classification.primary is Region.MIDDLE_EAST


def test_classify_command_reads_the_config_and_prints_evidence(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, '[regions]\ncountries = { AF = "central_asia" }\n')
    text = "Kabul Talks\n\nAfghanistan's new rulers met envoys in Kabul and Herat.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["classify", "--config", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["primary"] == "central_asia"
    assert result["evidence"]["central_asia"]["Kabul"]["count"] == 2


def test_ingested_articles_are_stored_with_regions_and_evidence(tmp_path, own_pages):
    from datetime import UTC, datetime

    from monitor.ingest.folders import ingest
    from monitor.store.sqlite import Store

    config = Config().with_extra_seeds((own_pages,))
    store = Store.open(tmp_path / "state")
    try:
        ingest(store, config, Analyser(config), lambda: datetime(2026, 1, 1, tzinfo=UTC))
        stored = {a.title: a.classification for a in store.articles()}
    finally:
        store.close()
    rail = stored["Rail Links Between Pakistan and Afghanistan"]
    assert rail.primary is Region.SOUTH_ASIA
    assert {"Pakistan", "Kabul"} <= {e.term for e in rail.evidence if e.region is rail.primary}
    water = stored["Water, Ice and Power in the Fergana Valley"]
    assert water.regions[0] is Region.CENTRAL_ASIA
    assert any(e.term == "Fergana Valley" for e in water.evidence)


def test_classify_command_takes_hints(capsys, monkeypatch):
    text = "New Rules\n\nThe minister said the rules take effect next month.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["classify"]) == 0
    assert json.loads(capsys.readouterr().out)["primary"] == "other"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["classify", "--hint", "South Asia"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["primary"] == "south_asia"
    assert "hint: South Asia" in result["evidence"]["south_asia"]
