"""Whether a sentence leans on the one before it, so that it reads badly on its own.

A pure function over a plain string. A sentence is dangling when it opens by pointing back:
a word ("This", "However", "Such", "Still"), a phrase ("None of this", "In reality", "For
example", "By contrast"), a cleft ("It is here that...", "It was then that..."), or "It" that
stands for something named before ("It is a challenge to which..."); or when it carries the
pointer inside it, outside quotation marks: a connective set off by commas ("Growth, however,
has..."), "these" or "those" before a noun with no name before it ("...to these addresses"),
"this" standing alone ("...with this, ...", "...that this will happen"), "the former", a part
of the article ("as noted above").

"He", "She", "They", "And" or "So" only in an analysis piece: news leads open with them after
the headline names the subject (deferring them there cost 0.4 ROUGE-1). An impersonal "it" ("It
seems that...", "It is worth recalling that...") points at nothing; "this week", "these days",
"those who" point at nothing before either.
"""

from __future__ import annotations

import re

from monitor.analysis.summary.quotation import outside_quotes


def _words(text: str) -> str:
    return "|".join(text.split())


_OPENING_WORDS = _words(
    "that such however but it also yet still moreover furthermore"
    " nevertheless nonetheless hence thus therefore besides instead otherwise likewise"
    " similarly consequently accordingly meanwhile another again then nor"
)
# "The former" standing for someone named before, not "the former minister".
_FORMER = r"the (?:former|latter)(?=\s*[,;.]|\s+(?:is|was|has|had|have|will|would|can|could|may))"
_OPENING_PHRASES = (
    r"none\b(?!\s+of\s+(?:the|a|an|its|his|her|their|our|\d))|in reality|in fact|in turn"
    r"|in addition|in contrast|by contrast|on the other hand|as a result|for example"
    r"|for instance|at the same time|even so|despite (?:this|that|these|those|it)"
    r"|because of (?:this|that|it)|in (?:this|that|such a) (?:case|sense|context|regard|way)"
    r"|to this end|of (?:these|those)|on top of (?:this|that)|here\b|there,|after (?:this|that)\b"
    rf"|at (?:this|that) (?:time|point|moment|juncture|stage)|{_FORMER}|secondly"
    r"|second,|third,|lastly|finally|all (?:of )?(?:this|these|that|those)\b|as such\b"
    r"|(?:some|many|most|few|each|one|both|neither|either|several|all|none) of (?:them|these"
    r"|those|this|it)\b|the same\b"
)
# In an analysis piece a person named before is no antecedent the reader has: "He", "They",
# at the start or after an opening prepositional phrase ("On a visit to Tashkent, he..."); nor
# is the sentence an "And" or "So" carries on.
_PREPOSITION = r"on|in|at|after|before|during|for|from|by|upon|following|despite|with|without"
_PERSONAL = re.compile(
    rf"[\"'“‘`(]*(?:and|so|or|(?:(?:{_PREPOSITION})\s[^,;:]{{1,160}},\s+)?"
    r"(?:he|she|they|his|her|their|him|them))\b",
    re.IGNORECASE,
)
_TIME = r"days?|weeks?|months?|years?|times?|morning|afternoon|evening|weekend|season|summer"
_TIME += r"|winter|spring|autumn|year's|week's|month's"
# "These" or "those" that point at nothing: "those who...", "these days".
_NOT_BACK = rf"(?!\s+(?:who|which|that|whose|of|in|with|at|on|for|{_TIME})\b)"
_OPENER = re.compile(
    rf"[\"'“‘`(]*(?:(?:these|those|this){_NOT_BACK}\b(?!-)|(?:{_OPENING_WORDS})\b(?!-)"
    rf"|(?:{_OPENING_PHRASES}))",
    re.IGNORECASE,
)
# "It seems that...", "It is worth recalling that...": an impersonal "it" points at nothing.
# Not when the words between point ("It is here that", "It was then that", "It is this that")
# or the "to" opens a relative clause ("It is a challenge to which...").
_IMPERSONAL_IT = re.compile(
    r"[\"'“‘`(]*it\s+(?:\w+ly\s+)?(?:seems|seemed|appears|appeared|remains|remained|is|was"
    r"|has been|will be|would be)\s+((?:\w+\s+){0,3}?)"
    r"(?:that|to(?!\s+(?:which|whom))|whether|how|why|when|what)\b",
    re.IGNORECASE,
)
_POINTING = frozenset(
    ("here", "there", "then", "this", "that", "these", "those", "why", "so", "thus", "now", "for")
)
# Pointers inside the sentence: a connective set off by commas, a demonstrative before a noun,
# "this" standing for a sentence, "the former" for a name.
_CONNECTIVE = r"however|though|therefore|moreover|meanwhile|in turn|in contrast|by contrast"
_INNER = re.compile(
    rf"^[^,;:]{{1,60}},\s+(?:{_CONNECTIVE}),"
    rf"|\b(?P<demonstrative>these|those){_NOT_BACK}\s+[a-z]"
    r"|\bthis\s*(?:[,;:.]|\s(?:is|was|will|would|could|can|may|might|has|had|means|meant"
    r"|suggests|shows|makes|made|happens|happened)\b)"
    rf"|\b{_FORMER}"
    # "as noted above", "outlined earlier": a part of the article the summary leaves out
    r"|\b(?:noted|mentioned|discussed|outlined|described|cited|listed|argued|shown|stated)\s+"
    r"(?:above|below|earlier|previously|at the (?:beginning|start|outset))\b",
    re.IGNORECASE,
)


def is_dangling(sentence: str, analysis: bool = False) -> bool:
    """Whether the sentence points at something said before it (in an analysis piece, a
    personal pronoun as its subject points back too)."""
    if _OPENER.match(sentence):
        return not _is_impersonal(sentence)
    if analysis and _PERSONAL.match(sentence):
        return True
    unquoted = outside_quotes(sentence)
    inner = _INNER.search(unquoted)
    return inner is not None and not _named_before(unquoted, inner)


def _is_impersonal(sentence: str) -> bool:
    """Whether the sentence opens with an "it" that points at nothing ("It seems that...")."""
    match = _IMPERSONAL_IT.match(sentence)
    return match is not None and _POINTING.isdisjoint(match.group(1).lower().split())


_NAME = re.compile(r"\b[A-Z][\w'’-]+")


def _named_before(sentence: str, pointer: re.Match[str]) -> bool:
    """Whether a "these" or "those" may point at a name earlier in the sentence ("...China sees
    the security issues in those countries..."); the other pointers always point back."""
    if pointer.group("demonstrative") is None:
        return False
    first_word = len(sentence.split(None, 1)[0])
    return _NAME.search(sentence, first_word, pointer.start()) is not None
