"""Story threads: same-event pieces grouped, different events kept apart, the lead, "follows".

Every text here is invented: the events, firms and people do not exist.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from monitor.digest.stories import StoryItem, StoryRule, find_follows, group_stories
from monitor.digest.stories.features import months, terms_and_names
from monitor.digest.stories.grouping import average_link

DAY = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)

# One event over three days: a takeover fight for a copper miner.
BID = StoryItem(
    "bid",
    "Zerafshan Copper rejects Altyn Metals bid",
    "Zerafshan Copper has rejected a takeover bid from rival miner Altyn Metals, saying the "
    "offer of 410 som a share undervalues its mines in the Navoi region. Altyn Metals chief "
    "executive Dilnoza Rahimova said the bid for Zerafshan Copper was full and fair and that "
    "shareholders should be allowed to decide.",
    DAY,
)
RAISED = StoryItem(
    "raised",
    "Altyn Metals raises Zerafshan Copper offer",
    "Altyn Metals has raised its takeover bid for Zerafshan Copper to 450 som a share, a week "
    "after the board of Zerafshan Copper rejected the first offer as too low. Dilnoza Rahimova "
    "of Altyn Metals said the higher bid for the Navoi mines was final.",
    DAY + timedelta(days=2),
)
BOARD = StoryItem(
    "board",
    "Zerafshan Copper board backs raised Altyn bid",
    "The board of Zerafshan Copper has backed the raised takeover bid from Altyn Metals, "
    "ending a fight over the Navoi copper mines. Shareholders of Zerafshan Copper will vote on "
    "the Altyn Metals offer of 450 som a share next month, Dilnoza Rahimova said.",
    DAY + timedelta(days=3),
)

# Two trials in the same court in the same week: shared court words and names, two events.
TRIAL_MAYOR = StoryItem(
    "trial-mayor",
    "Former mayor goes on trial in Almaty City Court",
    "The former mayor of Medeu district, Serik Baimukhanov, has gone on trial at Almaty City "
    "Court accused of taking bribes from builders for land permits. Prosecutors say he took "
    "money for plots near the ski resort; he denies the charges.",
    DAY,
)
TRIAL_PILOT = StoryItem(
    "trial-pilot",
    "Pilot in Almaty City Court over runway crash",
    "A cargo pilot, Marat Ospanov, has appeared at Almaty City Court charged with negligence "
    "after his freighter overran the runway in a snowstorm last winter. Investigators blamed "
    "worn brakes and a late approach; the airline has grounded two aircraft.",
    DAY + timedelta(days=1),
)

# Two companies in one sector reporting in the same week.
TELECOM_A = StoryItem(
    "telecom-a",
    "Pamir Mobile profits rise on data growth",
    "Pamir Mobile, the Tajik mobile operator, reported a 12% rise in annual profits as more "
    "customers bought data bundles. The operator plans to extend 4G coverage to Khorog.",
    DAY,
)
TELECOM_B = StoryItem(
    "telecom-b",
    "Ferghana Telecom losses widen after tariff cut",
    "Ferghana Telecom, the Uzbek fixed-line operator, said its annual losses widened after the "
    "regulator forced a cut in call tariffs. The company will sell its tower business.",
    DAY + timedelta(days=1),
)


# One monthly release, two months: the same words, two events.
def _exports(month: str, figure: str, day: int) -> StoryItem:
    return StoryItem(
        f"exports-{month.lower()}",
        f"Uzbek cotton exports {figure} in {month}",
        f"Cotton exports from Uzbekistan {figure} in {month}, the State Statistics Committee of "
        "Uzbekistan said, as buyers in Bangladesh and China held back orders. The committee said "
        f"shipments through the Termez rail terminal {figure} for a second month.",
        DAY + timedelta(days=day),
    )


EXPORTS_JAN = _exports("January", "fell", 0)
EXPORTS_FEB = _exports("February", "rose", 5)

# One running affair in three pieces, each another turn told in other words: a seizure, an
# auction, a lawsuit. Their leads are not close; their whole texts share the protagonists.
SEIZED = StoryItem(
    "seized",
    "Tax office seizes Karatau Petroleum's main field",
    "The tax office has seized the Zhanatas oilfield from Karatau Petroleum over a disputed tax "
    "bill and says it will sell the field at auction to recover the debt. Ruslan Abenov, who "
    "controls Karatau Petroleum, called the seizure of the oilfield theft dressed up as tax "
    "collection. Zhanatas pumps most of the company's crude oil, and its shares halved. Lawyers "
    "for the company said they would fight the tax bill in court.",
    DAY,
)
AUCTION = StoryItem(
    "auction",
    "Unknown bidder wins Zhanatas auction",
    "Bidding lasted ten minutes: a little-known firm, Baiterek Holdings, paid less than half of "
    "what bankers had valued the Zhanatas oilfield at. Karatau Petroleum, which lost the oilfield "
    "over a disputed tax bill, said the auction was illegal. Ruslan Abenov warned that the "
    "company would fight the sale in court and claim damages from any buyer of crude oil from "
    "the seized field.",
    DAY + timedelta(days=4),
)
LAWSUIT = StoryItem(
    "lawsuit",
    "Abenov takes his oilfield fight to London",
    "Ruslan Abenov has filed a claim in London against Baiterek Holdings, which bought the "
    "Zhanatas oilfield at auction, seeking damages for Karatau Petroleum. Lawyers for the "
    "company told the court that the tax bill used to seize the oilfield was invented and that "
    "Baiterek Holdings was a front for the state oil company. The judge will hear the case in "
    "the spring.",
    DAY + timedelta(days=9),
)
AFFAIR = [SEIZED, AUCTION, LAWSUIT]
LEAD_ONLY = StoryRule(named=1.1)  # no body links: names never agree that much

UNRELATED = StoryItem(
    "snow",
    "Heavy snow closes Salang pass",
    "Heavy snow has closed the Salang pass for a second day, stranding hundreds of lorries on "
    "both sides of the tunnel. Road crews expect to reopen one lane by the weekend.",
    DAY,
)


def test_pieces_about_one_event_are_one_group_with_the_others_singletons():
    items = [BID, TRIAL_MAYOR, RAISED, TELECOM_A, BOARD, TRIAL_PILOT, TELECOM_B, UNRELATED]
    groups = group_stories(items)
    takeover = next(g for g in groups if "bid" in g)
    assert set(takeover) == {"bid", "raised", "board"}
    assert sorted(len(g) for g in groups) == [1, 1, 1, 1, 1, 3]


def test_two_trials_in_one_court_are_not_grouped():
    groups = group_stories([TRIAL_MAYOR, TRIAL_PILOT, BID, UNRELATED])
    assert ("trial-mayor",) in groups and ("trial-pilot",) in groups


def test_two_firms_of_one_sector_are_not_grouped():
    groups = group_stories([TELECOM_A, TELECOM_B, BID, UNRELATED])
    assert ("telecom-a",) in groups and ("telecom-b",) in groups


def test_one_release_for_two_months_is_two_stories():
    groups = group_stories([EXPORTS_JAN, EXPORTS_FEB, UNRELATED])
    assert ("exports-january",) in groups and ("exports-february",) in groups
    same_month = replace(EXPORTS_FEB, title=EXPORTS_JAN.title, text=EXPORTS_JAN.text)
    assert len(group_stories([EXPORTS_JAN, same_month, UNRELATED])[0]) == 2


def test_a_running_story_told_in_other_words_is_one_group_by_its_whole_texts():
    others = [BID, RAISED, TRIAL_MAYOR, TRIAL_PILOT, TELECOM_A, TELECOM_B, UNRELATED]
    groups = group_stories([*AFFAIR, *others])
    assert {"seized", "auction", "lawsuit"} in [set(g) for g in groups]
    alone = group_stories([*AFFAIR, *others], LEAD_ONLY)  # the leads alone are too far apart
    assert all(len(g) == 1 for g in alone if set(g) & {"seized", "auction", "lawsuit"})


def test_a_body_link_needs_a_third_piece_linked_to_both():
    """Two pieces on one subject may be two events; three that all hold together are a story."""
    others = [BID, TRIAL_MAYOR, TELECOM_A, UNRELATED]
    groups = group_stories([SEIZED, LAWSUIT, *others])
    assert ("seized",) in groups and ("lawsuit",) in groups


def test_body_links_keep_to_the_time_window():
    later = replace(LAWSUIT, published=DAY + timedelta(days=60))
    groups = group_stories([SEIZED, AUCTION, later, BID, TRIAL_MAYOR, UNRELATED])
    assert ("lawsuit",) in groups
    assert {"seized", "auction"} not in [set(g) for g in groups]  # no third piece in time


def test_months_are_dates_not_names():
    assert months("Lending fell in January and on 3 February; March 2005 was worse.") == {0, 1, 2}
    assert months("Mrs May said a march in London may go ahead. May I ask?") == set()


def test_a_story_told_piece_by_piece_is_one_group_but_one_pair_does_not_join_two():
    chain = [(0, 1), (1, 2), (2, 3), (3, 4)]  # each piece linked only to the next
    assert average_link(range(5), chain, bridge=0.5) == [[0, 1, 2, 3, 4]]
    triangles = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]
    assert average_link(range(6), [*triangles, (2, 3)], bridge=0.5) == [[0, 1, 2], [3, 4, 5]]
    assert average_link(range(6), [*triangles, (2, 3), (1, 4)], 0.5) == [list(range(6))]


def test_the_lead_has_most_sources_then_most_text_then_is_earliest():
    widely = replace(RAISED, sources=3)
    assert group_stories([BID, widely, BOARD])[0][0] == "raised"
    more = " Trading in the shares of both firms resumed at noon after a halt of two days."
    longer = replace(BOARD, text=BOARD.text + more)
    assert group_stories([BID, RAISED, longer])[0][0] == "board"
    same = replace(BID, id="same", text=BID.text, published=DAY - timedelta(days=1))
    assert group_stories([BID, same, UNRELATED])[0] == ("same", "bid")


def test_groups_come_in_the_order_of_their_first_article():
    groups = group_stories([UNRELATED, RAISED, TRIAL_MAYOR, BID])
    assert [set(g) for g in groups] == [{"snow"}, {"bid", "raised"}, {"trial-mayor"}]


def test_articles_further_apart_than_the_window_are_not_grouped():
    months_later = replace(RAISED, published=DAY + timedelta(days=40))
    groups = group_stories([BID, months_later, UNRELATED])
    assert ("bid",) in groups and ("raised",) in groups
    undated = [replace(BID, published=None), replace(RAISED, published=None), UNRELATED]
    assert ("bid", "raised") in group_stories(undated)
    wide = StoryRule(window_days=60)
    assert ("bid", "raised") in group_stories([BID, months_later, UNRELATED], wide)


def test_no_articles_no_groups():
    assert group_stories([]) == ()


def test_a_group_that_continues_an_earlier_story_says_which_article_it_follows():
    items = [RAISED, BOARD, TRIAL_PILOT]
    groups = group_stories(items)
    follows = find_follows(groups, items, earlier=[BID, TELECOM_A, UNRELATED])
    lead = next(g for g in groups if "raised" in g)[0]
    assert follows == {lead: "bid"}


def test_follows_is_empty_without_a_match_or_earlier_articles():
    items = [TRIAL_PILOT, TELECOM_B]
    groups = group_stories(items)
    assert find_follows(groups, items, earlier=[BID, TRIAL_MAYOR, TELECOM_A]) == {}
    assert find_follows(groups, items, earlier=[]) == {}


def test_follows_never_points_to_a_later_or_too_old_article():
    items = [BID]
    groups = group_stories(items)
    assert find_follows(groups, items, earlier=[RAISED]) == {}  # dated after the group
    long_ago = replace(RAISED, published=DAY - timedelta(days=90))
    assert find_follows(groups, items, earlier=[long_ago]) == {}


def test_names_are_capitalised_words_inside_sentences_and_acronyms():
    words, names = terms_and_names("Banks rose. Shares in KazBank and the NBK rose in Almaty.")
    assert names == {"kazbank", "nbk", "almaty"}
    assert "the" not in words and "bank" in words  # stop words out, plurals folded
