"""clean.py: what is not the article goes, the article's paragraphs stay (own invented text)."""

from monitor.sources import clean


def test_paragraphs_are_blocks_and_hard_wrapped_lines_are_joined():
    text = (
        "Ferry traffic across the Caspian rose by a third this spring, port\n"
        "officials in Aktau and Baku said on Monday.\n\n"
        "Published\n\non\n\n"
        "  1. Aktau\n  2. Kuryk\n"
    )
    assert clean.paragraphs(text) == [
        "Ferry traffic across the Caspian rose by a third this spring, port "
        "officials in Aktau and Baku said on Monday.",
        "Published",
        "on",
        "1. Aktau",
        "2. Kuryk",
    ]


def test_a_sentence_broken_over_two_lines_is_joined_but_separate_lines_stay_apart():
    text = (
        "The survey of the northern pass was delayed twice by snow and by a strike at the depot, "
        "and so in the end the\n"
        "second delay cost them a month of work on the route.\n"
        "A new survey team arrives in May with better equipment and a larger budget for it.\n"
    )
    assert clean.paragraphs(text)[0].endswith("cost them a month of work on the route.")
    assert len(clean.paragraphs(text)) == 2


def test_captions_credits_and_the_caption_above_a_credit_go():
    paras = [
        "A standfirst that sums up the piece in one sentence about river water",
        "Engineers inspect the sluice gates at Kairakkum, June 2021.",
        "Credit: Example Agency/Staff",
        "Herders near the reservoir say the summer release came late again this year.",
        "A flooded field near Khujand. PHOTO: EXAMPLE WIRE",
        "The dam operator blamed a fault in the turbine hall. A screenshot from Telegram, May 2",
        "Officials promised compensation before the autumn.",
        "ST ILLUSTRATION: SOMEONE",
        "WHAT COMES NEXT: MORE TALKS",
    ]
    assert clean.clean_paragraphs(paras) == [
        "A standfirst that sums up the piece in one sentence about river water",
        "Herders near the reservoir say the summer release came late again this year.",
        "Officials promised compensation before the autumn.",
        "WHAT COMES NEXT: MORE TALKS",
    ]


def test_a_sentence_that_only_mentions_credit_or_a_photo_is_not_a_caption():
    paras = [
        "The bank extended one kind of credit: loans to farmers. Others waited for a year.",
        "Her photo of the dam, courtesy of a friend in Nurek, was shown at the hearing in May.",
    ]
    assert clean.clean_paragraphs(paras) == paras


def test_chrome_prompts_partner_and_copyright_lines_go():
    paras = [
        "Connect with us",
        "The talks resumed in Muscat after a pause of two months.",
        "Share this article",
        "From our partner Example Council",
        "Leave a comment",
        "Read more here.",
        "Copyright © 2026 Example Magazine",
        "« Older Entries",
        "Continue reading →",
        "Share this:",
        "Posted in Analysis | Tagged Caspian, Ports | Leave a comment",
        "This article was originally published by the Example Review.",
    ]
    assert clean.clean_paragraphs(paras) == [
        "The talks resumed in Muscat after a pause of two months."
    ]


def test_trailing_bios_and_about_the_authors_go_and_name_the_authors():
    paras = [
        "The last real paragraph says what the region should do next about the water.",
        "About The Authors",
        "Dilnoza Karimova is a research fellow at the Example Institute in Samarkand.",
        "Mr. Tomas Ruiz has been contributing analysis on the Caspian for ten years.",
    ]
    assert clean.clean_paragraphs(paras) == paras[:1]
    names = [clean.bio_name(p) for p in clean.trailing_bios(paras)]
    assert [n for n in names if n] == ["Dilnoza Karimova", "Tomas Ruiz"]


def test_an_appositive_bio_goes_but_a_closing_quote_from_a_named_person_stays():
    bio = "Jana Novak, a senior fellow at the Example Institute, writes on Caspian trade."
    quote = "Vladimir Petrov, the port's director, said the new berths would open in May."
    assert clean.bio_name(bio) == "Jana Novak"
    assert clean.bio_name(quote) is None
    assert clean.clean_paragraphs(["The talks ended.", quote, bio]) == ["The talks ended.", quote]


def test_a_titled_bio_naming_the_author_goes():
    paras = [
        "The conference ended without a communiqué, which surprised nobody in the room.",
        "Advisory Board Member Professor Anna Lindqvist is a historian of the Baltic trade.",
    ]
    assert clean.clean_paragraphs(paras, author="Anna Lindqvist") == paras[:1]


def test_a_body_paragraph_that_starts_like_a_sentence_is_not_a_bio():
    para = "While China has been far more active in the region, the research shows little change."
    assert clean.bio_name(para) is None
    assert clean.clean_paragraphs(["First paragraph of the piece.", para]) == [
        "First paragraph of the piece.",
        para,
    ]


def test_footnote_list_and_markers_go():
    paras = [
        "Arrests rose sharply in the second half of the year.12 Officials gave no reason.",
        "The trend continued into the spring, according to the ministry.13",
        "12 Example Ministry, “Annual report”, 2021, https://example.org/report.",
        "13 Ibid.",
        "14 A. Writer, “A long title for a source that wraps onto",
        "a second line”, Example Press, 2020.",
    ]
    assert clean.clean_text("\n\n".join(paras)) == (
        "Arrests rose sharply in the second half of the year. Officials gave no reason.\n\n"
        "The trend continued into the spring, according to the ministry."
    )


def test_numbered_list_inside_the_body_is_kept():
    paras = ["The largest firms are:", "1. Example Guard", "Smaller firms follow them closely."]
    assert clean.clean_paragraphs(paras) == paras


def test_control_characters_never_reach_the_stored_text():
    from monitor.ingest.articles import without_control_characters
    from monitor.models import Article

    hostile = Article(
        title="Dam \u202eTalks\x85 Resume\x9b[2J\x1b[31m",
        text="First line\r\nsecond\u2028third\x00.",
        source="feed",
        layout="feed",
        author="A\x07uthor",
        hints=("Asia\x9b",),
    )
    shown = without_control_characters(hostile)
    assert shown.title == "Dam Talks Resume[2J[31m"
    assert shown.text == "First line\nsecond\nthird."
    assert shown.author == "Author" and shown.hints == ("Asia",)
    kept = "Kabul\tand\nHerat \u200fمرحبا"  # tab, line break, a right-to-left mark
    assert clean.without_controls(kept) == kept
