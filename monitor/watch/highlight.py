"""Matched terms marked in a title and an excerpt (pure): a text cut into spans, some of them
marked, so that every format escapes the text its own way and marks the terms its own way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from monitor.watch.rules import Term

#: Characters of text shown before and after the first matched term of an excerpt.
BEFORE, AFTER = 120, 240


@dataclass(frozen=True)
class Span:
    text: str
    marked: bool = False


def spans(text: str, terms: Sequence[str]) -> tuple[Span, ...]:
    """``text`` cut into spans, those where a term matches marked (overlaps merged)."""
    found = sorted(
        (m.start(), m.end()) for term in terms for m in Term(term).pattern.finditer(text)
    )
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Span] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append(Span(text[at:start]))
        out.append(Span(text[start:end], marked=True))
        at = end
    if at < len(text):
        out.append(Span(text[at:]))
    return tuple(out)


def excerpt(text: str, terms: Sequence[str]) -> str:
    """The part of ``text`` around the first matched term, cut at spaces, "…" where cut;
    empty when no term is in the text (it matched in the title)."""
    flat = " ".join(text.split())
    starts = [m.start() for t in terms if (m := Term(t).pattern.search(flat))]
    if not starts:
        return ""
    first = min(starts)
    start = max(0, first - BEFORE)
    end = min(len(flat), first + AFTER)
    if start > 0:
        start = _space_after(flat, start, first)
    if end < len(flat):
        cut = flat.rfind(" ", first, end)
        end = cut if cut > first else end
    return ("… " if start else "") + flat[start:end].strip() + (" …" if end < len(flat) else "")


def _space_after(text: str, start: int, limit: int) -> int:
    space = text.find(" ", start, limit)
    return space + 1 if space != -1 else start
