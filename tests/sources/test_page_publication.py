"""The publication a saved page names itself: an HTML page's site name, else the copyright line
of its footer; nothing else is taken for a name. Pages written for these tests."""

from __future__ import annotations

import pytest

from monitor.sources.pages.publication import page_publication

BODY = "Water Talks in Khujand\n\nThe ministers met in Khujand on Tuesday to share the river.\n\n"


@pytest.mark.parametrize(
    ("footer", "name"),
    [
        ("Copyright © 2026 Oxus Review", "Oxus Review"),
        ("© 2025 The Fergana Letter. All rights reserved.", "The Fergana Letter"),
        ("© Copyright 2024, Pamir Notes", "Pamir Notes"),
        ("(c) 2019-2026 by Caspian Weekly", "Caspian Weekly"),
    ],
)
def test_a_text_pages_copyright_line_names_it(footer, name):
    assert page_publication(BODY + footer + "\n", is_html=False) == name


@pytest.mark.parametrize(
    "footer",
    [
        "© Photo Agency",  # a photo credit: no year
        "Copyright © 2026",  # no name
        "Copyright notice: this article may be quoted with a link to the page it came from.",
        "© 2026 " + "A very long line that is a sentence and not the name of any publication",
    ],
)
def test_anything_else_is_no_name(footer):
    assert page_publication(BODY + footer + "\n", is_html=False) is None


def test_an_html_pages_site_name_comes_first_then_its_footer():
    head = '<html><head><meta content="Oxus &amp; Amu Review" property="og:site_name">'
    page = head + "<title>x</title></head><body><p>© 2026 Someone Else</p></body></html>"
    assert page_publication(page, is_html=True) == "Oxus & Amu Review"
    app = '<html><head><meta name="application-name" content="Pamir Notes"></head></html>'
    assert page_publication(app, is_html=True) == "Pamir Notes"
    footer = "<html><body><p>Talks.</p><footer>Copyright &copy; 2026 Oxus Review</footer></body>"
    assert page_publication(footer, is_html=True) == "Oxus Review"
    assert page_publication("<html><body><p>Talks.</p></body></html>", is_html=True) is None


def test_a_name_is_one_safe_line():
    page = '<meta property="og:site_name" content="Oxus\n\tReview\u202e\x1b">'
    assert page_publication(page, is_html=True) == "Oxus Review"
