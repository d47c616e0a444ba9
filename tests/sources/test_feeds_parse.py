"""Feed bytes into plain-text articles: WordPress RSS, Atom, encodings, hostile markup, OPML."""

from __future__ import annotations

import pytest
from feedtexts import ATOM, DAM, RAIL, SITE, excerpt_rss, wordpress_rss

from monitor.sources.feeds.opml import OpmlError, parse_opml
from monitor.sources.feeds.parse import NotAFeed, html_to_text, parse_feed, safe_link

FEED_URL = f"{SITE}/category/central-asia/feed/"


def test_wordpress_items_become_plain_text_articles_with_category_hints():
    feed = parse_feed(wordpress_rss("Central Asia", (RAIL, DAM), ttl=90), {}, FEED_URL)
    assert feed.ttl_minutes == 90
    first = feed.items[0]
    article = first.article
    assert not first.excerpt_only
    assert article.title == RAIL.title
    assert article.guid == RAIL.guid
    assert article.url == RAIL.link
    assert article.author == RAIL.author
    assert article.hints == RAIL.categories
    assert article.published is not None and article.published.utcoffset().total_seconds() == 0
    assert article.text.split("\n\n") == list(RAIL.paragraphs)  # no caption, no Yoast footer
    assert "<" not in article.text and "caption" not in article.text


def test_configured_category_is_added_to_the_hints():
    feed = parse_feed(wordpress_rss("x", (DAM,)), {}, FEED_URL, category="Central Asia")
    assert feed.items[0].article.hints == ("Central Asia",)
    feed = parse_feed(wordpress_rss("x", (DAM,)), {}, FEED_URL, category="Tajikistan")
    assert feed.items[0].article.hints == ("Central Asia", "Tajikistan")


def test_excerpt_only_items_are_flagged_for_a_page_fetch():
    feed = parse_feed(excerpt_rss((RAIL,)), {}, f"{SITE}/feed/")
    assert feed.items[0].excerpt_only
    assert feed.items[0].article.text.endswith("[…]")


def test_atom_entry_markup_is_removed_and_relative_links_resolved():
    feed = parse_feed(ATOM, {"Content-Type": "application/atom+xml"}, "https://steppe.example/a")
    article = feed.items[0].article
    assert article.title == "Herders & the Winter Pastures"
    assert article.url == "https://steppe.example/notes/7"
    assert article.guid == "urn:example:steppe:7"
    assert article.text.split("\n\n") == [
        "Herders near Shymkent moved their flocks early.",
        "Snow came in October.",
    ]
    assert article.hints == ("Kazakhstan",)


def test_bare_guids_are_scoped_by_the_feed_host():
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>One</title>'
        b'<guid isPermaLink="false">42</guid><description>Some words.</description></item>'
        b"</channel></rss>"
    )
    a = parse_feed(body, {}, "https://one.example/feed").items[0].article
    b = parse_feed(body, {}, "https://two.example/feed").items[0].article
    assert a.guid == "one.example#42" and b.guid == "two.example#42"


def test_legacy_encoding_declared_in_the_http_header():
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title><item>'
        "<title>Новости Бишкека</title><description>Текст статьи.</description>"
        "</item></channel></rss>"
    ).encode("cp1251")
    feed = parse_feed(body, {"Content-Type": "application/rss+xml; charset=windows-1251"}, SITE)
    assert feed.title == "Лента"
    assert feed.items[0].article.title == "Новости Бишкека"


def test_ill_formed_feed_still_yields_its_items_and_says_so():
    body = wordpress_rss("x", (DAM,)).replace(b"</channel></rss>", b"<item><title>cut")
    feed = parse_feed(body, {}, FEED_URL)
    assert feed.problem
    assert feed.items[0].article.title == DAM.title


@pytest.mark.parametrize(
    "body", [b"", b"<html><body><p>Not a feed</p></body></html>", b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_what_is_not_a_feed_is_refused(body):
    with pytest.raises(NotAFeed):
        parse_feed(body, {}, SITE)


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc",
     "http://user:pw@news.example/", "  "],
)
def test_unsafe_links_are_dropped(link):
    assert safe_link(link, SITE) is None


def test_html_to_text_drops_active_content_and_keeps_words():
    html = '<b onmouseover="x()">Bold</b> <img src=x onerror=alert(1)><script>bad()</script>end'
    assert html_to_text(html) == "Bold end"


OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Central Asia">
    <outline type="rss" text="Steppe" xmlUrl="https://steppe.example/feed"/>
    <outline type="rss" title="Again" xmlUrl="https://steppe.example/feed"/>
  </outline>
  <outline type="rss" text="Ports" xmlUrl="https://ports.example/rss"/>
  <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_opml_feeds_once_each_with_their_folder_as_category():
    feeds = parse_opml(OPML)
    assert [(f.url, f.name, f.category) for f in feeds] == [
        ("https://steppe.example/feed", "Steppe", "Central Asia"),
        ("https://ports.example/rss", "Ports", None),
    ]


@pytest.mark.parametrize("data", [b"<rss/>", b"<opml", b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'])
def test_what_is_not_opml_is_refused(data):
    with pytest.raises(OpmlError):
        parse_opml(data)


def test_control_characters_in_markup_are_dropped_not_fatal():
    html = "<p>Bell\x07 and\x00 form\x0c feed</p><p>next</p>"
    assert html_to_text(html) == "Bell and form feed next"


def test_an_empty_response_says_so():
    with pytest.raises(NotAFeed, match="empty response"):
        parse_feed(b"  \n", {}, SITE)


def test_items_beyond_the_cap_are_skipped_and_counted():
    feed = parse_feed(wordpress_rss("x", (RAIL, DAM)), {}, FEED_URL, max_items=1)
    assert [i.article.title for i in feed.items] == [RAIL.title] and feed.skipped == 1


def test_scripts_and_frames_in_titles_and_bodies_leave_no_source_text():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>
    <title>&lt;script&gt;function run() { /* &lt;/script&gt;Grain Talks in Astana</title>
    <link>https://example.org/grain</link>
    <description>&lt;p&gt;Ministers met.&lt;iframe src="https://evil.example/"&gt;frame
    text&lt;/iframe&gt;&lt;/p&gt;&lt;p onmouseover="steal()"&gt;They agreed on quotas.&lt;/p&gt;
    &lt;script&gt;document.write("x")&lt;/script&gt;</description></item></channel></rss>"""
    (item,) = parse_feed(feed, {}, "https://example.org/feed/").items
    assert item.article.title == "Grain Talks in Astana"
    assert item.article.text == "Ministers met.\n\nThey agreed on quotas."
