"""Identity keys (canonical URL, fingerprint) and the merge policy (monitor.merge), on values."""

import itertools
from datetime import UTC, datetime

import pytest

from monitor.identity.keys import canonical_url, fingerprint, normalise
from monitor.identity.merge import Version, earliest, provenance, replaces_text
from tests.dedupe_texts import SUMMIT_A


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.COM/2026/11/talks/", "https://example.com/2026/11/talks"),
        ("http://example.com/talks#comments", "https://example.com/talks"),
        ("https://example.com/talks?utm_source=rss&utm_medium=feed", "https://example.com/talks"),
        ("https://example.com/a?fbclid=x&gclid=y&ref=home", "https://example.com/a"),
        ("https://example.com/?p=1234", "https://example.com?p=1234"),
        ("https://example.com/?p=1234&utm_campaign=x", "https://example.com?p=1234"),
        ("https://example.com/search?q=b&page=2", "https://example.com/search?page=2&q=b"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "https://example.com/a"),
        ("https://example.com:8080/a", "https://example.com:8080/a"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", [None, "", "/work/pages/a.txt", "mailto:x@example.com",
                                 "ftp://example.com/a", "https://", "http://[::1"])
def test_only_web_addresses_have_a_canonical_url(url):
    assert canonical_url(url) is None


def test_wordpress_short_links_of_different_posts_differ():
    assert canonical_url("https://example.com/?p=1") != canonical_url("https://example.com/?p=2")


def test_fingerprint_survives_retyped_quotes_dashes_case_and_spacing():
    plain = 'The minister said "no deal" - it\'s over.\n\nTalks end.'
    typeset = "The Minister said \u201cno deal\u201d \u2014 it\u2019s over. Talks\u00a0end."
    assert normalise(typeset) == normalise(plain)
    assert fingerprint(typeset) == fingerprint(plain)
    assert fingerprint(plain) != fingerprint(plain.replace("over", "done"))


T1 = datetime(2026, 11, 20, tzinfo=UTC)
T2 = datetime(2026, 11, 22, tzinfo=UTC)
HALF = " ".join(SUMMIT_A.split()[:120])


def v(text, published=None):
    return Version(text, published, None)


def test_a_longer_version_that_continues_the_stored_one_replaces_it():
    assert replaces_text(v(HALF), v(SUMMIT_A), "containment")
    assert not replaces_text(v(SUMMIT_A), v(HALF), "containment")


def test_a_longer_version_in_chrome_or_with_a_new_first_line_does_not_replace():
    chrome = "Home | World | Regions | Opinion | Subscribe | Log in | Search this site\n\n"
    assert not replaces_text(v(SUMMIT_A), v(chrome + SUMMIT_A), "near_duplicate")
    republished = "Republished with thanks.\n\n" + SUMMIT_A
    assert not replaces_text(v(SUMMIT_A), v(republished), "near_duplicate")


def test_an_edit_of_the_same_item_replaces_but_an_equal_copy_elsewhere_does_not():
    edit = SUMMIT_A.replace("Thursday", "Tuesday")
    assert replaces_text(v(SUMMIT_A, T1), v(edit, T2), "guid")
    assert replaces_text(v(SUMMIT_A, T1), v(edit, T2), "canonical_url")
    assert not replaces_text(v(SUMMIT_A, T1), v(edit, T2), "near_duplicate")


def test_earliest_date_and_a_real_url_are_kept():
    assert earliest(T2, T1) == T1
    assert earliest(None, T2) == T2
    assert earliest(None, None) is None
    a, b, page = "https://example.com/a", "https://example.com/b", "pages/a.txt"
    assert provenance(Version("", None, None), None, a) == (None, a)
    assert provenance(Version("", T1, page), T2, b) == (T1, b)  # only the copy's is real
    assert provenance(Version("", T1, a), T2, b) == (T1, a)  # the stored one is earlier
    assert provenance(Version("", T2, b), T1, a) == (T1, a)  # the copy is: its date, its URL
    assert provenance(Version("", T2, a), T1, page) == (T1, a)  # ... unless it has no real one
    assert provenance(Version("", T1, b), T1, a) == (T1, b)  # the same date: the stored URL


def test_the_date_and_url_shown_do_not_depend_on_which_copy_came_first():
    dated = [(when, url) for when in (T1, T2, None)
             for url in ("https://example.com/a", "https://example.com/b", "pages/a.txt", None)]
    for first, second in itertools.permutations(dated, 2):
        if first[0] == second[0]:
            continue  # the same date: the first copy seen keeps its URL
        one_way = provenance(Version("", *first), *second)
        other_way = provenance(Version("", *second), *first)
        assert one_way == other_way, (first, second)
