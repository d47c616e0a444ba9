"""Near-duplicate detection on invented texts: planted variants match, same-topic pieces do not."""

import pytest

from monitor.identity import neardup
from tests.dedupe_texts import DAM_REPORT, SUMMIT_A, SUMMIT_B

CHROME_HEAD = (
    "Home | World | Regions | Economy | Opinion | Subscribe\n\nConnect with us\n\n"
    "Most read this week: fuel prices, the new airport, a football final\n\n"
)
CHROME_TAIL = (
    "\n\nShare this article on social media. Sign up for our newsletter to get the day's "
    "headlines every morning. Comments are closed. Related: ministers meet in the capital; "
    "a new bridge opens; prices rise again. Copyright 2026 Example Daily. All rights reserved."
)


def retyped_quotes(text):
    return text.replace("'", "\u2019").replace(" - ", " \u2014 ")


def new_first_line(text):
    return "This article first appeared in our partner newsletter, Regional Weekly.\n\n" + text


def edited(text, every):
    """Every ``every``-th word replaced (every=20: 5% of the words edited)."""
    words = text.split()
    return " ".join("changed" if i % every == every - 1 else w for i, w in enumerate(words))


def first_half(text):
    words = text.split()
    return " ".join(words[: len(words) // 2])


def in_chrome(text):
    return CHROME_HEAD + text + CHROME_TAIL


VARIANTS = {
    "retyped quotes": retyped_quotes,
    "new first line": new_first_line,
    "1% edited": lambda t: edited(t, 100),
    "5% edited": lambda t: edited(t, 20),
    "first half": first_half,
    "in chrome": in_chrome,
    "upper case": str.upper,
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize("original", [SUMMIT_A, SUMMIT_B, DAM_REPORT])
def test_planted_variant_is_the_same_article_and_shares_band_keys(original, name):
    variant = VARIANTS[name](original)
    assert variant != original
    assert neardup.duplicate_rule(original, variant) is not None
    assert neardup.duplicate_rule(variant, original) is not None
    assert set(neardup.band_keys(original)) & set(neardup.band_keys(variant))


@pytest.mark.parametrize(
    ("first", "second"),
    [(SUMMIT_A, SUMMIT_B), (SUMMIT_A, DAM_REPORT), (SUMMIT_B, DAM_REPORT),
     (in_chrome(SUMMIT_A), in_chrome(SUMMIT_B)), (first_half(SUMMIT_A), SUMMIT_B)],
)
def test_different_articles_on_the_same_subject_never_match(first, second):
    assert neardup.duplicate_rule(first, second) is None


def test_rules_name_why():
    assert neardup.duplicate_rule(SUMMIT_A, edited(SUMMIT_A, 20)) == "near_duplicate"
    assert neardup.duplicate_rule(SUMMIT_A, first_half(SUMMIT_A)) == "containment"


def test_a_short_teaser_is_not_matched_by_content():
    teaser = " ".join(SUMMIT_A.split()[:25])
    assert neardup.band_keys(teaser) == []
    assert neardup.duplicate_rule(teaser, SUMMIT_A) is None


def test_one_article_inside_a_page_of_many_is_not_that_page():
    page = SUMMIT_B + "\n\n" + SUMMIT_A + "\n\n" + DAM_REPORT
    assert neardup.duplicate_rule(SUMMIT_A, page) is None
    assert neardup.duplicate_rule(DAM_REPORT, page) is None


def test_band_keys_are_stable_and_cover_whole_text_and_lead():
    keys = neardup.band_keys(SUMMIT_A)
    assert keys == neardup.band_keys(SUMMIT_A)
    assert {band for band, _ in keys} == set(range(2 * neardup.BANDS))
    assert all(0 <= key < 2**63 for _, key in keys)
