"""What marks a sentence of an analysis piece as its point, and what marks it as scene-setting.

An analysis piece (a long article, as on the magazine's pages) often opens with context: a news
peg ("... turned 20 last week"), a date, an anecdote, a quote. Its point is stated in general
terms, with words of judgement and consequence ("the key uncertainty is", "is likely to", "must",
"highlights", "in reality"), and is restated at the end; someone else's words reported ("the
key, the president said, was...") are not its point either. Pure functions over plain strings.

The patterns read the lower-cased sentence with a space put before it (see ``_found``): each
cue that starts a word opens with ``\\W`` where it would open with ``\\b``. Same matches, but a
pattern that starts with a character class lets ``re`` skip straight to the spaces and
punctuation instead of trying every cue at every letter (about three times faster). ASCII text,
most of it, is read by an ASCII-mode twin of each pattern, whose classes are checked faster.
"""

from __future__ import annotations

import re


def _with_ascii_twin(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern, and its twin for ASCII text in ASCII mode: the same matches there, except
    that Python's \\s also matches \\x1c-\\x1f, which the twin therefore spells out."""
    return re.compile(pattern), re.compile(pattern.replace(r"\s", r"[\s\x1c-\x1f]"), re.ASCII)


_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
# A dated event, a number with a unit, a quote attributed: the texture of a scene, not a claim.
_DETAIL = _with_ascii_twin(
    rf"\W(?:{_MONTH}\s+\d{{1,2}}\b|\d{{1,2}}\s+{_MONTH}\b|(?:in|on|since|by|of)\s+{_MONTH}\b"
    r"|(?:in|since|by) (?:the )?(?:early |late |mid-)?(?:1[89]|20)\d\d\b"
    r"|(?:last|this|next) (?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|summer|winter|spring|autumn)\b"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\d[\d,. ]*\s*(?:kg|km|tonnes|per cent|percent|%|million|billion)"
    r"|turn(?:s|ed)\s+(?:\d+|twenty|thirty|forty|fifty|a hundred|100)\b"  # an anniversary peg
    r"|(?<=[”\"]),?\s+(?:said|says|according to)\b)",  # the quote mark is the \W read first
)
# Words of judgement, consequence and conclusion.
_THESIS = _with_ascii_twin(
    r"\W(?:argues?|argued|contends?|concludes?|the (?:key|central|real|main|core|crucial)"
    r"|dilemma|challenge|(?:is|are|remains?|seems?|appears?) (?:\w+ )?(?:likely|unlikely|unclear"
    r"|clear|crucial|essential|necessary|insufficient)|it is clear|must|should|needs? to"
    r"|is going to|will (?:have|need|require|be|lack|expect)|suggests?|highlights?|shows?"
    r"|in fact|in reality|ultimately|rather than|not (?:only|aimed|clear)|the (?:problem|question"
    r"|issue|point|fact) (?:is|lies|remains))\b"
)


# Someone else's words reported, not the author's own point: "X said", "described Y as".
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|termed|declared|stated|remarked|recalled|quipped"
    r"|described\s+(?:\S+\s+){1,6}?as|in (?:his|her|their) words|as (?:\w+\s+){1,3}put it)\b"
)


def reports_words(sentence: str) -> bool:
    """Whether the sentence reports what someone said or wrote ("the key, he said, was...")."""
    return bool(_REPORTED.search(sentence.lower()))


def states_a_judgement(sentence: str) -> bool:
    """Whether the sentence has a word of judgement or consequence (a thesis cue)."""
    return _found(_THESIS, sentence)


def sets_a_scene(sentence: str) -> bool:
    """Whether the sentence carries a dated event, a measured quantity or an attributed quote."""
    return _found(_DETAIL, sentence)


def _found(patterns: tuple[re.Pattern[str], re.Pattern[str]], sentence: str) -> bool:
    """Whether the pattern is in the sentence lower-cased after a space (a word start is then
    always after a \\W), read by the ASCII twin when it is ASCII."""
    spaced = " " + sentence.lower()
    unicode, ascii_twin = patterns
    return bool((ascii_twin if spaced.isascii() else unicode).search(spaced))
