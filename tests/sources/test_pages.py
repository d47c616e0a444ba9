"""pages.py and its layouts, on pages written for these tests (invented text in each layout)."""

from datetime import UTC, datetime
from html import escape

import pytest

from monitor.models import Article
from monitor.sources import clean
from monitor.sources.pages import blog
from monitor.sources.pages import split as pages

MAGAZINE = """Connect with us

Central Asia

Caspian Ferries Return to Aktau

Dana Ospanova

Published

on

March 5, 2024

A ferry leaves the harbour at dawn. Photo: Example Wire

The ferry line between Aktau and Baku resumed service on Monday after a winter pause, carrying \
lorries loaded with grain and cotton across the Caspian Sea.

Port officials said the crossing now takes eighteen hours, down from a full day last year.

Dana Ospanova is a correspondent for the Example Review based in Almaty.

South Asia

Monsoon Forecast Worries Farmers in Sindh

Published

on

Farmers in Sindh fear that a weak monsoon will leave the canals dry by August, the second poor \
season in three years.

The provincial government has promised to release water from the Tarbela reservoir early.

From our partner Example Council

Continue Reading

Comments

Middle East

Oman and the Gulf Shipping Talks

Layla Haddad and Omar Farouk

Published

on

Delegations from six Gulf states met in Muscat to agree rules for tankers passing the Strait of \
Hormuz at night.

What Comes Next

A second round is planned in Doha before the end of the year, diplomats said.

Continue Reading

Publications

Latest

Newsdesk11 mins ago

A Teaser Headline About Something Else

This excerpt is only a teaser for another page and must never become an article...

Central Asia3 hours ago

Another Teaser Headline

A second excerpt that belongs to the sidebar of the page...

Trending

Copyright © 2026 Example Magazine
"""

MAGAZINE_ARTICLE_PAGE = """Middle East

Iraq’s Water Deal With Turkey

Ahmad bin Salman al-Rashid

Published

on

12 January 2025

Iraq and Turkey signed an agreement on the Tigris and Euphrates that sets minimum summer flows \
for the first time, after a decade of drought in the south of the country.

“We have waited for this for twenty years,” a farmer near Basra said

Middle East

The Quiet Return of Syrian Refugees From Jordan

Published

on

Thousands of Syrians crossed back from Jordan this winter, most of them to Daraa, according to \
aid agencies working on both sides of the border.

Continue Reading

Latest

Middle East1 day ago

The Quiet Return of Syrian Refugees From Jordan

Thousands of Syrians crossed back from Jordan this winter, most of them to Daraa...

Trending
"""

BLOG = """Posts Tagged ‘Caspian’

Another piece on the Caspian, this time for the Example Review, looking at ferries and ports. \
As ever, comments and corrections welcome!

Ports, Ferries and the Middle Corridor

Trade across the Caspian is growing fast, but the ports on both shores are not ready for it.

Lorries queue at the port of Aktau in March 2024. Photo: Example Wire

Freight along the Middle Corridor doubled last year, as shippers looked for routes that avoid \
Russia.1 Most of it crossed the sea on ferries that were built for passengers.

THE PORTS

Aktau and Kuryk have both added berths, and Baku moved its cargo port to Alat.

  • Kazakhstan plans two new terminals
  • Azerbaijan is dredging the approach to Alat

What Comes Next

When I visited Alat in 2019, I was told the new port would be full within five years.2

In my book I wrote about the port at length, and that chapter still holds up.

Looking Ahead

The next five years will decide whether the corridor becomes a real alternative.

Jana Novak is a senior fellow at the Example Institute in Prague.

1 Example Ministry, “Port statistics”, 2023, https://example.org/ports.

2 Ibid.

I wrote this one for a new outlet, the Example Quarterly, and I am grateful to the editors \
for the kind invitation. Thoughts welcome.

Water Politics on the Amu Darya

The Amu Darya carries less water every decade, and the countries along it disagree about why.

Farmers at the edge of the Aral basin during the harvest.

Credit: Example Agency/Staff

Uzbekistan blames the new canal in northern Afghanistan, which will take a share of the river \
once it is finished.

Upstream

Tajikistan wants to build more dams upstream, which worries every country downstream of them.

A new post for the Example Forum, my second piece this month on water in the region.

Why Kyrgyzstan Builds Dams

Kyrgyzstan has little oil or gas, so its rivers are its main source of power in the winter.

Its neighbours buy the summer surplus, but the winter shortage is still met by imports of coal.

About The Author

Petra Holm is a research associate at the Example Centre for Water Studies.
"""

BLOG_OTHER_VOICE = """Category Archives: Energy

My latest for the Example Post, on why Turkmen gas still flows east rather than west.

Pipelines That Point East

Turkmenistan sells almost all of its gas to China through a line that crosses Uzbekistan and \
Kazakhstan.

THE WESTERN OPTION

A pipeline under the Caspian has been discussed for thirty years and never built.

Marat Aliyev is a research fellow at the Example Energy Institute in Vienna.

Something a little different: a long read I co-authored with colleagues on the price of power.

Who Pays for Winter Power in Tajikistan?

Every winter the Nurek dam runs low and the grid rations electricity for hours each day.

Why the Shortage Returns

The reservoir fills in summer, when demand is lowest, and empties when the cold arrives.
"""

HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Caspian Ferries Return | Steppe Review</title>
<meta property="og:title" content="Caspian Ferries Return to Aktau">
<meta name="author" content="Dana Ospanova">
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<meta property="article:section" content="Central Asia">
<meta property="article:tag" content="Kazakhstan">
<link rel="canonical" href="https://steppe.example/2024/03/caspian-ferries/">
</head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Caspian Ferries Return to Aktau</h1>
<p>The ferry line between Aktau and Baku resumed service on Monday after a winter pause,
carrying lorries loaded with grain and cotton across the Caspian Sea.</p>
<p>Port officials in Kazakhstan said the crossing now takes eighteen hours, down from a full
day last year, because new berths were opened in both harbours.</p>
<p>Traders in Tashkent welcomed the news, saying the route is cheaper than the road through
Russia for goods bound for Georgia and Turkey. <script>alert(1)</script></p>
<p>Share this article</p>
</article>
<footer>Copyright © 2024 Steppe Review</footer>
</body></html>"""

CHROME = (
    "Continue Reading",
    "Comments",
    "hours ago",
    "mins ago",
    "Teaser",
    "Trending",
    "Copyright",
    "Photo:",
    "Credit:",
    "From our partner",
    "is a senior fellow",
    "is a correspondent",
    "is a research associate",
    "About The Author",
    "Ibid.",
    "Posts Tagged",
)


def assert_clean(article: Article) -> None:
    for chrome in CHROME:
        assert chrome not in article.text, (article.title, chrome)


def test_magazine_page_splits_into_its_articles_and_never_its_teasers():
    articles = pages.split_text(MAGAZINE, "mag.txt")
    assert [(a.title, a.author, a.hints) for a in articles] == [
        ("Caspian Ferries Return to Aktau", "Dana Ospanova", ("Central Asia",)),
        ("Monsoon Forecast Worries Farmers in Sindh", None, ("South Asia",)),
        ("Oman and the Gulf Shipping Talks", "Layla Haddad and Omar Farouk", ("Middle East",)),
    ]
    assert {a.layout for a in articles} == {"magazine"}
    for article in articles:
        assert_clean(article)


def test_magazine_bodies_start_and_end_with_their_own_paragraphs():
    first, second, third = pages.split_text(MAGAZINE, "mag.txt")
    assert first.published == datetime(2024, 3, 5, tzinfo=UTC)
    assert first.text.split("\n\n") == [
        "The ferry line between Aktau and Baku resumed service on Monday after a winter pause, "
        "carrying lorries loaded with grain and cotton across the Caspian Sea.",
        "Port officials said the crossing now takes eighteen hours, down from a full day"
        " last year.",
    ]
    assert second.published is None
    assert second.text.startswith("Farmers in Sindh fear")
    assert second.text.endswith("from the Tarbela reservoir early.")
    assert third.text.split("\n\n")[1] == "What Comes Next"
    assert third.text.endswith("before the end of the year, diplomats said.")


def test_an_article_after_a_bio_without_continue_reading_keeps_its_own_title():
    page = MAGAZINE.replace("Continue Reading\n\nComments\n\n", "")
    titles = [a.title for a in pages.split_text(page, "mag.txt")]
    assert titles[1:] == [
        "Monsoon Forecast Worries Farmers in Sindh",
        "Oman and the Gulf Shipping Talks",
    ]


def test_an_article_page_with_a_date_a_closing_quote_and_a_teaser_of_itself():
    first, second, *rest = pages.split_text(MAGAZINE_ARTICLE_PAGE, "article.txt")
    assert rest == []
    assert (first.title, first.author) == (
        "Iraq’s Water Deal With Turkey",
        "Ahmad bin Salman al-Rashid",
    )
    assert first.published == datetime(2025, 1, 12, tzinfo=UTC)
    assert first.text.endswith("a farmer near Basra said")
    assert (second.title, second.author, second.hints) == (
        "The Quiet Return of Syrian Refugees From Jordan",
        None,
        ("Middle East",),
    )
    assert "Daraa..." not in second.text and "day ago" not in second.text


def test_a_page_without_blank_lines_or_with_one_line_markers_splits_the_same():
    expected = [(a.title, a.author, a.text) for a in pages.split_text(MAGAZINE, "m.txt")]
    single_spaced = MAGAZINE.replace("\n\n", "\n")
    one_line = MAGAZINE.replace("Published\n\non\n\nMarch 5, 2024", "Published on March 5, 2024")
    for page in (single_spaced, one_line):
        got = pages.split_text(page, "m.txt")
        assert [(a.title, a.author, a.text) for a in got] == expected
        assert got[0].published == datetime(2024, 3, 5, tzinfo=UTC)


def test_a_short_unpunctuated_bio_before_the_next_header_is_not_its_category():
    page = MAGAZINE.replace(
        "Dana Ospanova is a correspondent for the Example Review based in Almaty.",
        "Dana Ospanova is a correspondent for the Example Review based in Almaty",
    ).replace("South Asia\n\nMonsoon", "Monsoon")
    first, second, _ = pages.split_text(page, "mag.txt")
    assert first.text.endswith("down from a full day last year.")
    assert (second.title, second.author, second.hints) == (
        "Monsoon Forecast Worries Farmers in Sindh",
        None,
        (),
    )


def test_a_by_line_gives_the_name_and_a_list_of_teasers_before_a_header_is_not_one():
    page = MAGAZINE.replace("Dana Ospanova\n\nPublished", "By Dana Ospanova\n\nPublished").replace(
        "Comments\n\nMiddle East", "Comments\n\nYou May Like\n\nA Teaser Title\n\nMiddle East"
    )
    page = page.replace("Layla Haddad and Omar Farouk\n\n", "")
    got = [(a.title, a.author, a.hints) for a in pages.split_text(page, "mag.txt")]
    assert got[0][1] == "Dana Ospanova"
    assert got[2] == ("Oman and the Gulf Shipping Talks", None, ("Middle East",))


def test_reader_comments_after_the_article_are_not_its_text():
    page = MAGAZINE.replace(
        "Continue Reading\n\nComments\n\n",
        "Continue reading →\n\nComments\n\nA reader writes that the monsoon forecast was wrong"
        " last year as well, and nobody paid for it.\n\n",
    )
    second = pages.split_text(page, "mag.txt")[1]
    assert second.text.endswith("from the Tarbela reservoir early.")
    assert "A reader writes" not in second.text


def test_a_header_without_a_category_line_still_finds_title_and_author():
    page = MAGAZINE.replace("Connect with us\n\nCentral Asia\n\n", "")
    first = pages.split_text(page, "mag.txt")[0]
    assert (first.title, first.author, first.hints) == (
        "Caspian Ferries Return to Aktau",
        "Dana Ospanova",
        (),
    )


def test_blog_archive_splits_into_posts_with_notes_apart():
    posts = pages.split_text(BLOG, "blog.txt")
    assert [(p.title, p.author) for p in posts] == [
        ("Ports, Ferries and the Middle Corridor", "Jana Novak"),
        ("Water Politics on the Amu Darya", None),
        ("Why Kyrgyzstan Builds Dams", "Petra Holm"),
    ]
    assert [p.note.split()[:3] for p in posts if p.note] == [
        ["Another", "piece", "on"],
        ["I", "wrote", "this"],
        ["A", "new", "post"],
    ]
    for post in posts:
        assert (post.layout, post.hints) == ("blog", ("Caspian",))  # the archive's tag
        assert post.note not in post.text
        assert_clean(post)


def test_blog_post_bodies_keep_subheadings_and_bullets_but_not_captions_or_footnotes():
    first, second, third = pages.split_text(BLOG, "blog.txt")
    paras = first.text.split("\n\n")
    assert paras[0].startswith("Trade across the Caspian is growing fast")
    assert "THE PORTS" in paras and "What Comes Next" in paras
    assert "• Kazakhstan plans two new terminals" in paras
    assert paras[-4:] == [
        "When I visited Alat in 2019, I was told the new port would be full within five years.",
        "In my book I wrote about the port at length, and that chapter still holds up.",
        "Looking Ahead",
        "The next five years will decide whether the corridor becomes a real alternative.",
    ]
    assert "avoid Russia. Most of it" in first.text  # the footnote marker is gone
    assert "Aral basin" not in second.text  # the caption above the credit line
    assert second.text.split("\n\n")[-2:] == [
        "Upstream",
        "Tajikistan wants to build more dams upstream, which worries every country downstream"
        " of them.",
    ]
    assert third.text.endswith("met by imports of coal.")


def test_an_archive_with_other_phrasings_and_headings_splits_the_same_way():
    posts = pages.split_text(BLOG_OTHER_VOICE, "energy.txt")
    assert {p.hints for p in posts} == {("Energy",)}
    assert [(p.title, p.author) for p in posts] == [
        ("Pipelines That Point East", "Marat Aliyev"),
        ("Who Pays for Winter Power in Tajikistan?", None),
    ]
    assert posts[0].text.endswith("discussed for thirty years and never built.")
    assert posts[1].text.split("\n\n")[1] == "Why the Shortage Returns"


def test_the_first_post_keeps_a_plain_note_apart():
    page = BLOG.replace(BLOG.split("\n\n")[1], "Short and plain this one, on ports.")
    first = pages.split_text(page, "blog.txt")[0]
    assert (first.title, first.note) == (
        "Ports, Ferries and the Middle Corridor",
        "Short and plain this one, on ports.",
    )


def test_a_post_without_a_note_at_the_top_of_the_archive_is_still_a_post():
    page = BLOG.replace(BLOG.split("\n\n")[1] + "\n\n", "", 1)
    posts = pages.split_text(page, "blog.txt")
    assert [p.title for p in posts][:1] == ["Ports, Ferries and the Middle Corridor"]
    assert posts[0].note is None and len(posts) == 3


def test_html_page_gives_text_and_metadata_without_markup_or_chrome():
    (article,) = pages.split_html(HTML, "page.html")
    assert article.title == "Caspian Ferries Return to Aktau"
    assert article.author == "Dana Ospanova"
    assert article.url == "https://steppe.example/2024/03/caspian-ferries/"
    assert article.published == datetime(2024, 3, 5, tzinfo=UTC)
    assert article.hints == ("Central Asia", "Kazakhstan")
    assert article.layout == "html"
    paras = article.text.split("\n\n")
    assert len(paras) == 3 and paras[0].startswith("The ferry line between Aktau")
    assert "<" not in article.text and "alert" not in article.text
    assert "Share this" not in article.text and "Home" not in article.text


def as_html(page: str) -> str:
    """A page of paragraphs saved as HTML, the way a browser would save a text-only page."""
    body = "".join(f"<p>{escape(p)}</p>" for p in clean.paragraphs(page))
    return f"<html><head><title>Saved</title></head><body><div>{body}</div></body></html>"


@pytest.mark.parametrize("page", [MAGAZINE, BLOG])
def test_an_archive_or_magazine_page_saved_as_html_splits_like_the_text(page):
    from_text = [(a.title, a.author, a.layout) for a in pages.split_text(page, "p.txt")]
    from_html = [(a.title, a.author, a.layout) for a in pages.split_html(as_html(page), "p.html")]
    assert from_html == from_text and len(from_html) == 3


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Posts Tagged ‘Central Asia’", "Central Asia"),
        ('Posts tagged "Iran"', "Iran"),
        ("Category: South Asia", "South Asia"),
        ("Tag: Kazakhstan", "Kazakhstan"),
        ("Tag Archives: Middle East", "Middle East"),
        ("Archive for the ‘Central Asia’ Category", "Central Asia"),
        ("Archive for the 'Afghanistan' tag", "Afghanistan"),
        ("Posts filed under Xinjiang", "Xinjiang"),
        ("Central Asia Archives", "Central Asia"),
        ("Connect with us", None),
        ("Posts Tagged", None),
    ],
)
def test_an_archive_heading_names_what_the_page_archives(heading, name):
    assert blog.archive_name([heading, "Some post title", "Its text."]) == name


def test_every_article_of_a_category_page_carries_its_name_as_a_hint():
    page = "Category: Central Asia\n\n" + MAGAZINE
    articles = pages.split_text(page, "category.txt")
    assert [a.hints for a in articles] == [
        ("Central Asia",),
        ("South Asia", "Central Asia"),
        ("Middle East", "Central Asia"),
    ]
    posts = pages.split_html(as_html(BLOG), "p.html")
    assert {p.hints for p in posts} == {("Caspian",)}


def test_html_page_without_text_gives_nothing_and_a_log_line(caplog):
    assert pages.split_html("<html><body><nav>Home</nav></body></html>", "empty.html") == []
    assert "no article text" in caplog.text


def test_any_other_text_is_one_article_titled_by_its_first_line(caplog):
    text = "A Note on Rail Freight\n\n" + " ".join(["Freight rose again this month."] * 10)
    (article,) = pages.split_text(text, "note.txt")
    assert (article.title, article.layout) == ("A Note on Rail Freight", "text")
    assert article.text.startswith("Freight rose")
    assert "does not look like an article" not in caplog.text


def test_a_markdown_heading_or_a_long_first_line_makes_a_readable_title():
    body = "\n\n" + " ".join(["Freight rose again this month."] * 10)
    assert pages.split_text("# **Rail Freight**" + body, "n.md")[0].title == "Rail Freight"
    long_line = "Freight rose again this month on every line " * 10
    title = pages.split_text(long_line + body, "n.txt")[0].title
    assert title.endswith("…") and len(title) <= 101 and long_line.startswith(title[:-1])


@pytest.mark.parametrize("text", ["Just a title\n\nand three words", "One line only"])
def test_short_text_is_kept_with_a_warning(text, caplog):
    assert len(pages.split_text(text, "short.txt")) == 1
    assert "short.txt: does not look like an article" in caplog.text


def test_garbled_text_is_kept_with_a_warning(caplog):
    text = "Title\n\n" + "Caf\ufffd d\ufffdj\ufffd vu in T\ufffdshkent and elsewhere. " * 10
    assert len(pages.split_text(text, "garbled.txt")) == 1
    assert "garbled.txt: text looks garbled" in caplog.text


def test_a_layout_can_be_added_without_touching_the_others():
    def recognises(paras):
        return bool(paras) and paras[0] == "DISPATCH"

    def split(paras, source):
        return [Article(title=p, text=p, source=source, layout="dispatch") for p in paras[1:]]

    dispatch = pages.Layout("dispatch", recognises, split)
    got = pages.split_text("DISPATCH\n\nOne\n\nTwo", "d.txt", (dispatch, *pages.LAYOUTS))
    assert [(a.title, a.layout) for a in got] == [("One", "dispatch"), ("Two", "dispatch")]
    assert pages.split_text(MAGAZINE, "m.txt", (dispatch, *pages.LAYOUTS))[0].layout == "magazine"
