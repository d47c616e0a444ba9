"""What marks a sentence of an analysis piece as its point, and what marks it as scene-setting.

An analysis piece (a long article, as on the magazine's pages) often opens with context: a news
peg ("... turned 20 last week"), a date, an anecdote, a quote. Its point is stated in general
terms, with words of judgement and consequence ("the key uncertainty is", "is likely to", "must",
"highlights", "in reality"), and is restated at the end. Pure functions over plain strings.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# A dated event, a number with a unit, a quote attributed: the texture of a scene, not a claim.
_DETAIL = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b(?i:in|on|since|by|of)\s+{_MONTH}"
    r"|\b(?i:in|since|by) (?:the )?(?:early |late |mid-)?(?:1[89]|20)\d\d\b"
    r"|\b(?:last|this|next) (?:week|month|year|weekend|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday|summer|winter|spring|autumn)\b"
    r"|\b(?i:on) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
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
    r"|issue|point|fact) (?:is|lies|remains))\b",
    re.IGNORECASE,
)


def states_a_judgement(sentence: str) -> bool:
    """Whether the sentence has a word of judgement or consequence (a thesis cue)."""
    return bool(_THESIS.search(sentence))


def sets_a_scene(sentence: str) -> bool:
    """Whether the sentence carries a dated event, a measured quantity or an attributed quote."""
    return bool(_DETAIL.search(sentence))
