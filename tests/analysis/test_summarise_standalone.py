"""Summaries that stand alone: no sentence that leans on one left out, in every form it takes.

All text here is invented for these tests.
"""

import pytest
from paths import summary_records

from monitor.analysis.summary import outside
from monitor.analysis.summary.candidates import rejection
from monitor.analysis.summary.dangling import is_dangling
from monitor.analysis.summary.outside import describes_a_figure, is_invocation, states_own_method
from monitor.analysis.summary.quotation import in_long_quotation
from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.summariser import Summariser, Weights

TOKENIZER = Tokenizer()
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
    "All of this leaves the border towns poorer than they were a decade ago.",
    "Some of them have already left for work in Russia this spring.",
    "As such, the tender is unlikely to attract any Western bidders.",
    "The same pattern repeated itself in the southern provinces.",
    "Sanctions, as noted above, have not reached the smaller banks.",
    "The ministry kept the tariffs outlined earlier for another year.",
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


LEANING = [
    ("The map shows the new rail line running south from Termez to the coast.", "figure"),
    ("As the chart below illustrates, exports of cotton fell by half in a decade.", "figure"),
    ("Freight through the port doubled between 2015 and 2020 (Figure 2).", "figure"),
    ("Another picture shows a convoy of lorries waiting at the border post.", "figure"),
    ("On the lower side of the poster is a verse about the duty to give alms.", "figure"),
    ("The reservoir, seen in the photo below, has shrunk to a third of its size.", "figure"),
    ("Table 3 compares the cost of each route per tonne of freight carried.", "figure"),
    ("In the photo, a trader weighs cotton bales at the market in Osh.", "figure"),
    (
        "Map: how the line would run from Termez to Kabul, then on to Peshawar and the ports.",
        "figure",
    ),
    ("Map of the railway and the ports it would reach on the coast of the sea.", "figure"),
    ("Our analysis confirmed that the payments went to the same three wallets.", "method"),
    ("We traced the shipments through four ports before they reached Mersin.", "method"),
    ("In this paper, we examine how the ferry lines compete for cargo.", "method"),
    ("It was not clear to us how many of the wagons were ever repaired.", "method"),
    ("An official at the ministry told me the tender had been cancelled.", "method"),
    ("We estimate that a fifth of the wagons never return from the border.", "method"),
    ("This study draws on interviews with forty traders in three markets.", "method"),
    ("O Lord, protect our brothers and grant them victory over their enemies.", "prayer"),
    ("May Allah reward every brother who gives to this cause, the post said.", "prayer"),
    ("The caption read: “Our Lord, give patience to the brothers in the mountains.”", "prayer"),
    (
        "The verse the preacher chose reads: “Give from what you have and you will have more.”",
        "prayer",
    ),
    ("The argument, in brief, is that trade now matters more than fear, while […]", "cut"),
    ("Several traders told the press that the market would reopen when [...]", "cut"),
    ("Officials said the talks had gone well and that a deal was close…", "cut"),
    ("The post Water and Power in the Valley appeared first on Steppe Review.", "cut"),
]


@pytest.mark.parametrize("sentence, reason", LEANING)
def test_a_sentence_leaning_on_what_the_reader_has_not_is_rejected(sentence, reason):
    reasons = {
        "figure": "a figure description",
        "method": "the article's own method",
        "prayer": "a prayer or liturgy",
        "cut": "cut off",
    }
    assert rejection(sentence) == reasons[reason]


ANY_CASE = [
    "The latest figures show a slowdown in the number of lorries crossing.",
    "The broader picture shows a country that trades more with its neighbours.",
    "“We found the bodies at dawn,” the police chief said after the flood.",
    "The minister told US television that the pipeline would be finished.",
    "A survey by the central bank found that most farmers lack credit.",
    "The mosque in Osh was full for Friday prayers during the holiday.",
    "The map of alliances in the region has been redrawn many times since the war of 1991.",
    "It is a sign of how the way we use the railway is changing in the region.",
    "Photographers were barred from the courtroom during the whole of the trial.",
    "“Keep the family in your prayers,” the club said in a statement on Monday.",
]


@pytest.mark.parametrize("sentence", ANY_CASE)
def test_a_sentence_that_only_resembles_them_is_a_candidate(sentence):
    assert rejection(sentence) is None


def test_a_long_quotation_is_marked_where_it_opens_and_goes_on():
    paragraph = [
        "The preacher read out a passage: “Those who give their wealth will be rewarded.",
        "Those who keep it will answer for it on the last day.",
        "Give, and it will be given to you.”",
        "His followers in the valley collected more than they had in any year before.",
    ]
    assert in_long_quotation(paragraph) == ["opens", "continues", "continues", None]
    typo = ["He called the cabinet “a puppet regime.", "Talks resumed on Monday in Doha."]
    assert in_long_quotation(typo) == [None, None]  # opened and never closed: a typo


# An analysis piece (read as one: 5+ paragraphs, the word limit lowered) whose title names what
# its figure description, its quoted prayer and its own method say.
PIECE = """Armed groups in the valley have turned to online appeals for money to pay for weapons.

The poster shows a fighter with a rifle and a long list of prices for weapons and uniforms.

The appeal quotes a prayer: “O Lord, accept the money of those who give for weapons.
Make their gifts a shield for the fighters in the valley.
Grant them victory, Amen.”

Our analysis confirmed that the money for weapons went to three wallets in the valley.

The appeals matter less than the groups claim, because the sums raised online remain small.

Security services in the region should watch the wallets rather than the posters."""


def test_an_analysis_summary_holds_no_figure_prayer_or_method():
    title = "Online appeals for money for weapons in the valley: the poster, the prayer"
    analysis = Weights(analysis_words=60)
    for count in (1, 2, 3):
        summary = Summariser(count, None, weights=analysis).summarise(PIECE, title)
        assert summary
        for sentence in summary:
            assert not any(w in sentence for w in ("poster shows", "Lord", "gifts", "Grant", "Our"))
    unclean = Summariser(3, None, weights=Weights(analysis_words=60, clean=False))
    assert any("Lord" in s or "poster" in s for s in unclean.summarise(PIECE, title))


EXCERPT = """Kazakhstan will build its first nuclear plant near Lake Balkhash, officials said.

The choice of a builder has turned into a test of how the government balances its partners.

Russia, China, France and South Korea have all offered reactors, and the decision is [...]"""


def test_an_excerpt_ends_on_its_last_whole_sentence():
    for count in (1, 2, 3, 5):
        summary = Summariser(count, None).summarise(EXCERPT, "Kazakhstan's nuclear plant")
        assert summary and all("[...]" not in s for s in summary)
    whole = Summariser(5, None).summarise(EXCERPT, "Kazakhstan's nuclear plant")
    assert whole[-1].startswith("The choice of a builder")


def test_the_cheap_word_tests_let_through_every_sentence_the_patterns_match(monkeypatch):
    """Each pattern of ``outside`` is tried only on sentences holding one of its words; with
    the word test always passing, every answer is the same (eval, seed and these texts)."""
    texts = [s for s, _ in LEANING] + ANY_CASE + POINTING_BACK + STANDING_ALONE
    for record in summary_records(300):
        texts += TOKENIZER.to_sentences(record["text"])
    checks = (describes_a_figure, states_own_method, is_invocation)
    fast = [[check(text) for check in checks] for text in texts]
    monkeypatch.setattr(outside, "_holds_any", lambda sentence, words: True)
    assert [[check(text) for check in checks] for text in texts] == fast
    assert all(any(row[n] for row in fast) for n in range(len(checks)))
