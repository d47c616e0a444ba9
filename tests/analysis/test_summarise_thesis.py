"""Reading an analysis piece: judgement words count for a sentence, a scene's details against it.

All text here is invented.
"""

import pytest

from monitor.analysis.summary.summariser import Summariser, Weights
from monitor.analysis.summary.thesis import reports_words, sets_a_scene, states_a_judgement

PIECE = """On March 3, the transport minister opened the new river bridge in Dalvik before a crowd.

The ceremony lasted 40 minutes and was followed by a lunch for 300 guests, officials said.

The real problem is that the province's roads are likely to decay faster than they can be mended.

Road budgets have been flat for a decade while freight traffic across the province has doubled.

Hauliers now route their lorries around the worst stretches, adding hours to every journey.

The province must therefore choose between fewer new bridges and roads that still carry trucks."""


@pytest.mark.parametrize(
    "sentence",
    [
        "The key question is whether the council can pay for it.",
        "Such a plan is unlikely to survive the winter.",
        "The region must find its own answer.",
        "The figures suggest a slower recovery than hoped.",
        "In reality the port has achieved little.",
    ],
)
def test_judgement_words_are_found(sentence):
    assert states_a_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "On March 3, the minister opened the bridge.",
        "The summit met in Tashkent last week.",
        "Customs seized 640 kg of resin at the border.",
        "In 1998, the first ferry crossed the strait.",
        "“We are ready,” said the mayor of the town.",
        "As the customs union turned 20, its members were quarrelling again.",
    ],
)
def test_scene_details_are_found(sentence):
    assert sets_a_scene(sentence)
    assert not states_a_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The key, the governor said, was to keep the river ports open all winter.",
        "A famous explorer once described the valley as the garden of the east.",
        "As one trader put it, the border is open only for those who pay.",
        "The envoy told reporters that the road would reopen in May.",
    ],
)
def test_someone_elses_words_are_found(sentence):
    assert reports_words(sentence)


def test_a_plain_claim_is_neither():
    sentence = "Freight traffic across the province has doubled."
    assert not sets_a_scene(sentence) and not states_a_judgement(sentence)
    assert not reports_words(sentence)
    assert not reports_words("The governor's saidrat plan was described in full.")


def test_a_long_piece_in_paragraphs_is_summarised_by_its_point_not_its_opening():
    analysis = Summariser(sentences=1, weights=Weights(analysis_words=60))
    news = Summariser(sentences=1, weights=Weights(analysis_words=None))
    title = "Roads that cannot be mended"
    assert analysis.summarise(PIECE, title)[0].startswith("The real problem")
    assert news.summarise(PIECE, title)[0].startswith("On March 3")


def test_an_unbroken_text_is_read_as_news_whatever_its_length():
    unbroken = " ".join(PIECE.split())
    analysis = Summariser(sentences=1, weights=Weights(analysis_words=60))
    assert analysis.summarise(unbroken, "Roads that cannot be mended")[0].startswith("On March 3")
