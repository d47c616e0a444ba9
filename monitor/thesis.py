"""What marks a sentence of an analysis piece as its point, and what marks it as scene-setting.

An analysis piece (a long article, as on the magazine's pages) often opens with context: a news
peg ("... turned 20 last week"), a date, an anecdote, a quote. Its point is stated in general
terms, with words of judgement and consequence ("the key uncertainty is", "is likely to", "must",
"highlights", "in reality"), and is restated at the end. Pure functions over plain strings.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
# A dated event, a number with a unit, a quote attributed: the texture of a scene, not a claim.
# The patterns read the lower-cased sentence (faster than matching case-insensitively).
_DETAIL = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b(?:in|on|since|by|of)\s+{_MONTH}\b"
    r"|\b(?:in|since|by) (?:the )?(?:early |late |mid-)?(?:1[89]|20)\d\d\b"
    r"|\b(?:last|this|next) (?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|summer|winter|spring|autumn)\b"
    r"|\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b\d[\d,. ]*\s*(?:kg|km|tonnes|per cent|percent|%|million|billion)"
    r"|[”\"],?\s+(?:said|says|according to)\b",
)
# Words of judgement, consequence and conclusion.
_THESIS = re.compile(
    r"\b(?:argues?|argued|contends?|concludes?|the (?:key|central|real|main|core|crucial)"
    r"|dilemma|challenge|(?:is|are|remains?|seems?|appears?) (?:\w+ )?(?:likely|unlikely|unclear"
    r"|clear|crucial|essential|necessary|insufficient)|it is clear|must|should|needs? to"
    r"|is going to|will (?:have|need|require|be|lack|expect)|suggests?|highlights?|shows?"
    r"|in fact|in reality|ultimately|rather than|not (?:only|aimed|clear)|the (?:problem|question"
    r"|issue|point|fact) (?:is|lies|remains))\b"
)


def states_a_judgement(sentence: str) -> bool:
    """Whether the sentence has a word of judgement or consequence (a thesis cue)."""
    return bool(_THESIS.search(sentence.lower()))


def sets_a_scene(sentence: str) -> bool:
    """Whether the sentence carries a dated event, a measured quantity or an attributed quote."""
    return bool(_DETAIL.search(sentence.lower()))
