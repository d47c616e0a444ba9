"""What changed between two versions of one article, as a reader wants it said (pure).

A change is material when the title changed, a figure changed (a number in one version and not
in the other: a corrected casualty count, a revised percentage), or text was added or removed
(at least ``MIN_WORDS`` words). A typo fixed or a link changed is not material: such an edit of
an article already in a digest is only one more sighting.
"""

from __future__ import annotations

import re
from collections import Counter

#: Words added or removed before a change of text is said.
MIN_WORDS = 15
#: A figure: digits with their separators and an attached unit or sign ("12.5%", "$3bn", "1,200").
_FIGURE = re.compile(r"[$£€]?\d[\d,.]*\d?(?:\s?%|bn|m|km)?")
SHOWN_FIGURES = 3


def material_changes(
    old_title: str, old_text: str, new_title: str, new_text: str
) -> tuple[str, ...]:
    """The material changes from the old to the new version, each said in a few words; empty
    when nothing material changed."""
    found = []
    if " ".join(old_title.split()) != " ".join(new_title.split()):
        found.append(f"new title (was “{old_title.strip()}”)")
    figures = _figures(old_text, new_text)
    if figures:
        found.append(figures)
    words = _words_changed(old_text, new_text)
    if words:
        found.append(words)
    return tuple(found)


def _figures(old: str, new: str) -> str:
    before = Counter(m.group().rstrip(".,") for m in _FIGURE.finditer(old))
    after = Counter(m.group().rstrip(".,") for m in _FIGURE.finditer(new))
    gone, came = list((before - after).elements()), list((after - before).elements())
    if not gone and not came:
        return ""
    if gone and came:
        pairs = ", ".join(f"{a} → {b}" for a, b in zip(gone, came, strict=False))
        return f"figures changed: {_shortened(pairs)}"
    return f"figures {'added' if came else 'removed'}: {_shortened(', '.join(came or gone))}"


def _shortened(listing: str) -> str:
    items = listing.split(", ")
    more = len(items) - SHOWN_FIGURES
    return ", ".join(items[:SHOWN_FIGURES]) + (f" and {more} more" if more > 0 else "")


def _words_changed(old: str, new: str) -> str:
    before, after = Counter(old.lower().split()), Counter(new.lower().split())
    added, removed = sum((after - before).values()), sum((before - after).values())
    if added - removed >= MIN_WORDS:
        paragraphs = max(0, _paragraphs(new) - _paragraphs(old))
        said = f"{paragraphs} paragraph(s) added, " if paragraphs else ""
        return f"{said}{added - removed} more words"
    if removed - added >= MIN_WORDS:
        return f"{removed - added} fewer words"
    if min(added, removed) >= MIN_WORDS:
        return f"text revised ({added} words added, {removed} removed)"
    return ""


def _paragraphs(text: str) -> int:
    return sum(1 for part in text.split("\n\n") if part.strip())
