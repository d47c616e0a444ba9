"""What a digest holds and in which order: provenance, importance, top stories, cross-listing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from builders import invented_words, stored_article

from monitor.digest.provenance import outlet_of, provenance, publication_of, where_it_ran
from monitor.digest.rank import is_note
from monitor.digest.render import Renderer
from monitor.digest.select import Context, build_digest
from monitor.models import Region
from monitor.names import storable

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
CA, SA, ME = Region.CENTRAL_ASIA, Region.SOUTH_ASIA, Region.MIDDLE_EAST
FEED = "https://magazine.example/category/central-asia/feed/"


def test_a_publication_is_a_feed_name_a_host_or_a_file_name_never_a_path():
    names = {FEED: "The Magazine"}
    assert publication_of(FEED, names) == "The Magazine"
    assert publication_of("https://www.blog.example/feed/", names) == "blog.example"
    assert publication_of("/srv/monitor/seeds/page-12.html", names) == "page-12.html"


def test_a_page_whose_name_is_not_utf8_is_named_by_its_file_not_a_host():
    source = storable(b"/srv/seeds/bad\xffname\x07.txt".decode("utf-8", "surrogateescape"))
    assert source.startswith("file://")  # stored so: it is not valid UTF-8
    assert publication_of(source, {}) == "bad\\xffname\\x07.txt"  # escaped, never raw
    assert outlet_of(source) == outlet_of("/srv/seeds/other.txt") == "/srv/seeds"


def test_two_feeds_of_one_site_are_one_outlet_and_a_folder_is_one_outlet():
    article = stored_article(
        1, CA, sources=(FEED, FEED.replace("central-asia", "south-asia"), "/srv/seeds/a.txt")
    )
    seen = provenance(article, {})
    assert seen.publications == ("magazine.example", "a.txt") and seen.outlets == 2


def test_a_note_is_shown_when_it_says_where_the_piece_ran():
    assert where_it_ran("Another piece, this time for the Steppe Review, on water.") == (
        "Another piece, this time for the Steppe Review, on water."
    )
    assert where_it_ran("Busy week. My latest op-ed ran in Dawn on Tuesday.") == (
        "My latest op-ed ran in Dawn on Tuesday."
    )
    assert where_it_ran("Back from holidays, catching up with everyone.") is None
    assert where_it_ran(None) is None


def _article(i, region, days_old=None, regions=None, words=400, **fields):
    published = NOW - timedelta(days=days_old) if days_old is not None else None
    text = fields.pop("text", None) or invented_words(i + 500, words)
    return stored_article(i, region, regions=regions, published=published, text=text, **fields)


def test_more_outlets_and_recent_analysis_lead_and_undated_pages_never_do():
    articles = [
        _article(1, CA),  # a saved page of unknown age
        _article(2, CA, days_old=0, words=100, title="Book update: the last chapter"),  # a note
        _article(3, CA, days_old=0, words=1200),  # an analysis piece, today
        _article(4, CA, days_old=1, sources=(FEED, "https://other.example/feed/")),
        _article(5, CA, days_old=30),
    ]
    section = build_digest(articles, None, NOW).sections[0]
    assert [a.id for a in section.articles] == [4, 3, 2, 5, 1]


def test_a_note_ranks_below_an_excerpt_of_an_analysis_however_short_both_are():
    """A feed carries an analysis as a short excerpt (WordPress cuts one at 55 words) and a
    blogger's note is as short: what tells them apart is the note's announcing title or its
    first person, not its length."""
    excerpt = "The railway planned from Termez would give landlocked states a route to the sea."
    first_person = "Back from a week of meetings in Almaty, where I heard three views on it."
    quoted = 'The minister said: "I will not sign the deal." The talks go on in Astana.'
    articles = [
        _article(1, CA, days_old=0, text=first_person, title="Notes from a week in Almaty"),
        _article(2, CA, days_old=0, text="On grain tariffs, for the Steppe Review.",
                 title="New piece: grain and tariffs"),  # fmt: skip
        _article(3, CA, days_old=1, text=excerpt, title="The Railway and the Race to the Sea"),
        _article(4, CA, days_old=2, text=quoted, title="Talks Go On in Astana"),  # a source's "I"
    ]
    section = build_digest(articles, None, NOW).sections[0]
    assert [a.id for a in section.articles] == [3, 4, 1, 2]  # the notes last
    assert is_note("Busy Week", "My latest op-ed ran in Dawn on Tuesday.", 8)
    assert not is_note("Busy Week in the ME", "ME stands for the Middle East here.", 7)


def test_top_stories_are_the_best_dated_items_and_link_to_their_entries():
    articles = [_article(i, (CA, SA, ME)[i % 3], days_old=i) for i in range(1, 10)]
    articles.append(_article(20, ME))  # undated: never a top story
    digest = build_digest(articles, None, NOW)
    assert [item.article.id for item in digest.top] == [1, 2]
    html = Renderer().render(digest, "html")
    assert '<a href="#a1">' in html and 'id="a1"' in html


def test_an_article_is_reachable_from_each_of_its_regions():
    articles = [_article(1, SA, days_old=1, regions=(SA, CA)), _article(2, ME, days_old=1)]
    digest = build_digest(articles, None, NOW)
    sections = {section.region: section for section in digest.sections}
    assert [ref.item.article.id for ref in sections[CA].references] == [1]
    assert sections[CA].items == () and digest.count == 2 and digest.article_ids() == (1, 2)
    for fmt in ("html", "markdown", "text"):
        out = Renderer().render(digest, fmt)
        assert "Also about Central Asia" in out, fmt


def test_times_are_shown_in_the_configured_zone():
    context = Context(tz=ZoneInfo("Asia/Tashkent"))
    digest = build_digest([_article(1, CA, days_old=0)], None, NOW, context=context)
    for fmt in ("html", "markdown", "text"):
        out = Renderer().render(digest, fmt)
        assert "03 Dec 2026 07:00 +05" in out and "UTC" not in out, fmt


def test_articles_of_one_story_are_one_entry_led_by_the_best_and_an_earlier_one_is_followed():
    def piece(i, title, lead, days_old, sources=1):
        text = f"{lead} {invented_words(i, 15)}."
        feeds = tuple(f"https://outlet{k}.example/feed/" for k in range(sources))
        return replace(
            _article(i, CA, days_old=days_old), title=title, text=text, sources=feeds
        )

    lead = (
        "Kyrgyz and Tajik negotiators in Batken agreed the Isfara valley water schedule on"
        " Monday, ending the Vorukh dispute that closed the Kulundu road"
    )
    earlier = piece(1, "Isfara Valley Water Talks Stall Over the Vorukh Dispute", lead, 6)
    first = piece(2, "Isfara Valley Water Deal Ends the Vorukh Dispute", lead, 1, sources=2)
    second = piece(3, "Vorukh Dispute: Batken Reacts to the Isfara Water Deal", lead, 0)
    unrelated = [
        piece(i, invented_words(i, 5).title(), invented_words(i + 50, 25), i % 3)
        for i in range(4, 10)
    ]
    context = Context(earlier=(earlier, *unrelated[:3]))
    digest = build_digest([second, *unrelated[3:], first], None, NOW, context=context)
    (section,) = digest.sections
    story = next(item for item in section.items if item.article.id == 2)
    assert [a.article.id for a in story.also] == [3] and story.follows is not None
    assert story.follows.title == earlier.title
    assert all(not item.also for item in section.items if item.article.id != 2)
    assert digest.count == 5 and sorted(digest.article_ids()) == [2, 3, 7, 8, 9]
    for fmt in ("html", "markdown", "text"):
        out = Renderer().render(digest, fmt)
        assert "Also:" in out and "Batken Reacts" in out and "Follows:" in out, fmt


def test_a_named_folder_gives_its_pages_a_publication_name():
    names = {"/srv/seeds/blog": "Eurasia Notes"}
    assert publication_of("/srv/seeds/blog/2021/post.html", {}, names) == "Eurasia Notes"
    assert publication_of("/srv/seeds/other/post.html", {}, names) == "post.html"
    article = _article(1, CA, days_old=0, sources=("/srv/seeds/blog/a.txt",))
    digest = build_digest([article], None, NOW, context=Context(folder_names=names))
    assert "Eurasia Notes" in Renderer().render(digest, "text")


def test_a_page_without_a_folder_name_shows_the_publication_it_names_else_its_file_name():
    folders, pages = {"/srv/seeds/blog": "Eurasia Notes"}, {"/srv/seeds/mag/a.txt": "Oxus Review"}
    assert publication_of("/srv/seeds/mag/a.txt", {}, folders, pages) == "Oxus Review"
    assert publication_of("/srv/seeds/mag/b.txt", {}, folders, pages) == "b.txt"
    named_folder = {"/srv/seeds/blog/c.txt": "Oxus Review"}
    assert publication_of("/srv/seeds/blog/c.txt", {}, folders, named_folder) == "Eurasia Notes"
