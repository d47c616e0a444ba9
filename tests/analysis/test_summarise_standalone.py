"""Summaries that stand alone: no sentence that leans on one left out, in every form it takes.

All text here is invented for these tests.
"""

import pytest

from monitor.analysis.summary.dangling import is_dangling
from monitor.analysis.summary.summariser import Summariser, Weights

POINTING_BACK = [
    "This, officials say, was never the plan.",
    "It is the largest dam in the region by planned capacity.",
    "Meanwhile, the reservoir upstream keeps filling.",
    "None of this will make the winter any easier for the valley.",
    "None of these plans survived the first budget round in Bishkek.",
    "None expect the ferry line to reopen before the spring thaw.",
    "It is here that the real cost of the new corridor shows itself.",
    "It was then that the talks on the water quota collapsed.",
    "It is for this reason that the ministry kept the old tariff.",
    "It is a test to which the new cabinet must now rise.",
    "This is why the customs union has stalled for a decade.",
    "Such a move would anger the neighbouring governments.",
    "These routes are longer but far safer for the convoys.",
    "Those talks ended without any statement from either side.",
    "In reality the port has moved very little cargo so far.",
    "In fact the harbour has barely been dredged since 1990.",
    "For example, a rifle costs about three hundred dollars there.",
    "By contrast, the northern route carries twice the freight.",
    "As a result, the border posts close at dusk every day.",
    "At this juncture the question is who pays for the tunnel.",
    "Another poster shows a fighter with a rifle on a hillside.",
    "Growth, however, has exposed the weak points of the line.",
    "The ministry's dilemma with this is that nobody trusts the data.",
    "Unfortunately, it is unlikely that this will happen soon.",
    "Donations were then made to these wallet addresses over a week.",
    "The latter has refused to comment on the gas contract.",
]
STANDING_ALONE = [
    "It currently seems that the summit will be a success for the hosts.",
    "It is worth recalling that the treaty was signed in 1992 in Almaty.",
    "It is unclear whether the talks will resume after the holiday.",
    "Thistle farmers protested in the capital on Monday morning.",
    "None of the passengers were hurt when the bus left the road.",
    "Prices of flour rose this week in Tashkent and Samarkand.",
    "This year the cotton harvest failed across the whole valley.",
    "These days few traders use the old mountain road to Kashgar.",
    "Those who fled the fighting returned to their villages in June.",
    "Exporters such as Kazakhstan gained most from the new tariff.",
    "The former minister of energy was arrested in Bishkek on Friday.",
    "The ministry in Astana sees the security issues in those countries as its own.",
    "Uzbekistan raised its gas exports to China by a fifth last year.",
]


@pytest.mark.parametrize("sentence", POINTING_BACK)
def test_a_sentence_that_points_back_is_dangling(sentence):
    assert is_dangling(sentence)


@pytest.mark.parametrize("sentence", STANDING_ALONE)
def test_a_sentence_that_points_at_nothing_before_is_not(sentence):
    assert not is_dangling(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "He later championed the idea of a new railway across the steppe.",
        "On a visit to the border towns in 1994, he promised a new railway.",
        "And until the quota is settled, the canal will stay half empty.",
    ],
)
def test_in_an_analysis_piece_a_pronoun_or_an_and_points_back_too(sentence):
    assert is_dangling(sentence, analysis=True)
    assert not is_dangling(sentence)  # a news lead opens so after its headline


# Each dangling sentence follows its antecedent here; the summary may take it only right after.
TEXT = """The Rogun dam on the Vakhsh river will be the tallest in the world when it is finished.

Engineers expect the first two turbines to run at full capacity by the end of next year.

None of this will change the quota of water that reaches the cotton farms downstream.

Farmers in the lowlands have already cut the area they sow with rice by a third.

It is here that the real cost of the project will be paid, by the households of the delta."""


def test_a_dangling_sentence_is_chosen_only_right_after_its_antecedent():
    title = "Rogun will not change the quota of water that reaches the cotton farms"
    piece = Weights(analysis_words=40)  # read as analysis: the lead counts less
    for count in (1, 2, 3, 4):
        summary = Summariser(count, None, weights=piece).summarise(TEXT, title)
        sentences = [" ".join(p.split()) for p in TEXT.split("\n\n")]
        for sentence in summary:
            if is_dangling(sentence):
                before = sentences[sentences.index(sentence) - 1]
                assert before in summary, (count, summary)
    undeferred = Summariser(2, None, weights=Weights(analysis_words=40, defer_dangling=False))
    alone = undeferred.summarise(TEXT, title)[1]
    assert alone.startswith("It is here")  # left to the ranking, it comes without its antecedent
