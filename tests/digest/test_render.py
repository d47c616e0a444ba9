from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from builders import stored_article

from monitor.digest.render import (
    Renderer,
    format_for,
    markdown_escape,
    safe_url,
    templates_dir,
    wrap,
)
from monitor.digest.select import build_digest
from monitor.errors import InputError
from monitor.models import Region

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def stored(i, region, title=None, url=None, published=None):
    named = {"title": title} if title else {}
    return stored_article(i, region, url=url, published=published, **named)


def test_sections_follow_region_order_newest_first_and_undated_pages_never_lead():
    older = datetime(2026, 11, 1, tzinfo=UTC)
    digest = build_digest(
        [
            stored(1, Region.OTHER),
            stored(2, Region.MIDDLE_EAST, published=older),
            stored(3, Region.MIDDLE_EAST),  # a saved page of unknown age
            stored(4, Region.CENTRAL_ASIA),
            stored(5, Region.MIDDLE_EAST, published=NOW),
        ],
        None,
        NOW,
    )
    assert [s.region for s in digest.sections] == [
        Region.CENTRAL_ASIA,
        Region.MIDDLE_EAST,
        Region.OTHER,
    ]
    assert [a.id for a in digest.sections[1].articles] == [5, 2, 3]
    assert digest.count == 5 and sorted(digest.article_ids()) == [1, 2, 3, 4, 5]
    numbers = [item.number for section in digest.sections for item in section.items]
    assert numbers == [1, 2, 3, 4, 5]  # reading order


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_every_format_lists_titles_sections_and_summaries(fmt):
    digest = build_digest([stored(1, Region.SOUTH_ASIA, "Kabul talks")], None, NOW)
    out = Renderer().render(digest, fmt)
    assert "Kabul talks" in out and "South Asia" in out.replace("SOUTH ASIA", "South Asia")
    assert "A sentence." in out


def test_html_escapes_untrusted_titles_and_drops_unsafe_links():
    digest = build_digest([stored(1, Region.OTHER, HOSTILE, url="javascript:alert(3)")], None, NOW)
    html = Renderer().render(digest, "html")
    assert "<script" not in html.lower() and 'onerror="' not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;" in html


def test_markdown_neutralises_markup_in_untrusted_text():
    out = markdown_escape("[click](javascript:x) <b>bold</b> *x*")
    assert "<b>" not in out and "\\[click\\]" in out and "\\*x\\*" in out


def test_empty_digest_says_since_when():
    digest = build_digest([], datetime(2026, 11, 23, 7, 0, tzinfo=UTC), NOW)
    for fmt in ("html", "markdown", "text"):
        assert "No new articles since 23 Nov 2026 07:00 UTC" in Renderer().render(digest, fmt)


def test_safe_url_only_allows_http():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil", "", None, "http://[::1"):
        assert safe_url(bad) is None


def test_format_from_suffix_or_flag():
    assert format_for(Path("d.html"), None) == "html"
    assert format_for(Path("d.md"), None) == "markdown"
    assert format_for(None, None) == "markdown"
    assert format_for(Path("d.html"), "text") == "text"
    with pytest.raises(InputError):
        format_for(Path("d.pdf"), None)


def test_templates_are_found():
    assert (templates_dir() / "digest.html.j2").is_file()


def test_wrap_fills_lines_within_the_width_and_keeps_every_word():
    text = (
        "Ministers from Dushanbe and Bishkek met twice this autumn to settle the border"
        " markers along the river, and an unbreakable-reference-number-far-longer-than"
        "-the-line-width came last"
    )
    words = text.split()
    out = wrap(text, 30, "  ")
    lines = out.split("\n")
    assert all(line.startswith("  ") for line in lines)
    assert all(len(line) <= 32 for line in lines if " " in line.strip())
    assert out.split() == words  # nothing lost, reordered or broken
    long_word = next(w for w in words if len(w) > 30)
    assert "  " + long_word in lines  # a longer word gets a line of its own, unbroken
    assert wrap("", 30, "  ") == ""


def test_markdown_escapes_joined_summaries_and_sources():
    article = replace(
        stored(1, Region.OTHER),
        summary=("- A *starred* claim <b>here</b>.", "Then [a link](x)."),
        sources=("notes_2026.txt", "https://example.org/a_b"),
    )
    out = Renderer().render(build_digest([article], None, NOW), "markdown")
    assert "\\- A \\*starred\\* claim &lt;b&gt;here&lt;/b&gt;. Then \\[a link\\](x)." in out
    assert "notes\\_2026.txt, example.org ·" in out  # publications, never a path or feed URL
