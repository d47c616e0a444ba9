"""Sentences that lean on something a summary's reader does not have, whatever the article.

Pure functions over plain strings, for ``candidates.rejection``: a sentence that describes a
map, chart, picture or table of the page ("The map shows...", "As the chart below illustrates",
"(Figure 2)", "On the upper side of the picture is..."), one that reports the article's own
method in the first person ("Our analysis confirmed...", "We traced..."), the words of a prayer
or liturgy ("O Lord...", "Amen", "peace be upon him") or of a sacred text quoted ("the hadith
reads: “...”"), and the end of an excerpt that a feed cut off ("... while […]", "The post ...
appeared first on ...").

First-person words inside quotation marks are a speaker's, not the article's: only the text
outside quotation marks is read for the method.
"""

from __future__ import annotations

import re

from monitor.analysis.summary.quotation import outside_quotes

# Not "figures" or "the figure shows": most often numbers, not a drawing; "Figure 2" is one.
_FIGURE = (
    r"maps?|charts?|graphs?|graphics?|fig(?:ure|\.)?\s*\d+|tables?|diagrams?|pictures?|photos?"
    r"|photographs?|images?|posters?|banners?|infographics?|illustrations?|screenshots?|cartoons?"
)
_SHOWING = (
    r"shows?|showed|showing|illustrates?|illustrated|depicts?|depicted|displays?|displayed"
    r"|presents?|gives|compares?|plots?|traces?|indicates?|features?|reads|contains?"
    r"|highlights?|summari[sz]es?|lists?|sets out|captures?"
)
_PLACE = r"above|below|here|opposite|left|right|overleaf|attached|accompanying|following"
_DESCRIBES = re.compile(
    # "Map of the member states...", "Chart showing..."
    r"^\W*(?:map|chart|graph|diagram|infographic)\s+(?:of|showing|depicting|illustrating)\b|"
    # "The map shows", "Another picture shows", "as the chart below illustrates"
    rf"(?:^\W*|\b(?:the|this|that|another|each|our|a|an|every|one)\s+)(?:(?:{_PLACE}|first"
    rf"|second|third|last|next|new|latest)\s+)?(?:{_FIGURE})(?:\s*\d+[a-z]?)?\s+"
    rf"(?:(?:{_PLACE}|here)\s+)?(?:{_SHOWING})\b"
    # "In the photo, ...", "Map: ...", "Chart 3: ..."
    rf"|^\W*in\s+(?:the|this|that)\s+(?:(?:{_PLACE})\s+)?(?:{_FIGURE})\s*,"
    rf"|^\W*(?:{_FIGURE})(?:\s*\d+[a-z]?)?\s*:"
    # "(Figure 2)", "(see Table 1)", "see chart 3"
    rf"|\(\s*(?:see\s+)?(?:{_FIGURE})\s*\d|\(\s*(?:see\s+)?fig(?:ure|\.)?\s*\d"
    rf"|\bsee\s+(?:the\s+)?(?:{_FIGURE})\s*(?:\d|{_PLACE})"
    # "the map above", "pictured below", "shown in the chart"
    rf"|\b(?:{_FIGURE})\s+(?:above|below|overleaf)\b|\b(?:pictured|shown|seen|illustrated"
    rf"|depicted)\s+(?:(?:above|below|left|right|here)\b|in\s+(?:the|this)\s+(?:{_FIGURE}))"
    # "On the upper side of the picture", "in the bottom corner of the map"
    r"|\b(?:on|in|at)\s+the\s+(?:upper|lower|top|bottom|left|right|left-hand|right-hand)"
    rf"(?:\s+\w+)?\s+(?:side|part|corner|half|edge)\s+of\s+(?:the|this)\s+(?:{_FIGURE})",
    re.IGNORECASE,
)
_RESEARCH = (
    r"analysis|analyses|research|study|investigation|review|survey|findings|data|dataset"
    r"|calculations?|estimates?|monitoring|observations?|examination|fieldwork|interviews"
    r"|sample|methodology|search|count|tally|reading|sources|database|team"
)
_DID = (
    r"found|analy[sz]ed|examined|reviewed|identified|traced|collected|gathered|surveyed"
    r"|interviewed|monitored|tracked|counted|checked|verified|confirmed|calculated|estimated"
    r"|observed|looked at|studied|compiled|coded|measured|tested|searched|discovered|scanned"
    r"|downloaded|scraped|obtained|spoke to|spoke with|asked|visited"
    # the present of a method: "we estimate that...", "we use data from..."
    r"|analy[sz]e|examine|estimate|calculate|trace|measure"
)
_META = r"article|paper|piece|essay|report|study|analysis|research|commentary"
_OWN_METHOD = re.compile(
    rf"\b(?:our|my)\s+(?:own\s+)?(?:\w+\s+)?(?:{_RESEARCH})\b"
    rf"|\b(?:we|i)\s+(?:\w+ly\s+)?(?:have\s+|had\s+|also\s+)?(?:{_DID})\b"
    rf"|\b(?:in|for)\s+this\s+(?:{_META}),?\s+(?:we|i)\b"
    rf"|\bthis\s+(?:{_META})\s+(?:draws on|uses|relies on|is based on|analy[sz]es)\b"
    rf"|\bthe\s+authors?\s+(?:{_DID})\b"
    r"|\b(?:clear|known|unclear|evident|apparent|obvious)\s+to\s+(?-i:us|me)\b"
    r"|\btold\s+(?-i:us|me)\b",
    re.IGNORECASE,
)
_INVOCATION = re.compile(
    r"^\W*o\s+(?:allah|god|lord|prophet|jesus|mary)\b|\bamen\b|\bpeace be upon\s+(?:him|them)"
    r"|[\"“‘']\s*(?:(?:o|oh|ya|our|dear)\s+)?(?:allah|god|lord|rabb)\s*,"
    r"|\bmay\s+(?:allah|god)\s+(?:accept|reward|grant|bless|protect|have mercy|forgive|curse"
    r"|destroy|guide|make)|\bin the name of (?:allah|god)\b|\b(?:praise|glory) be to\b"
    r"|\ballahu akbar\b|\bour father,? (?:who|which) art\b|\bsubhan\w*\b|\binsha'?\s?allah\b"
    r"|\balhamdulillah\b|\bbismillah\b|\b(?:lord|god|christ) have mercy\b"
    r"|\bthere is no god but\b",
    re.IGNORECASE,
)
# A sacred text named, or a verse cited ("[8:72]"), then its words quoted: a primary source's.
_SACRED = re.compile(
    r"\b(?:prayers?|prayed|praying|supplications?|du['’]?as?|verses?|hadiths?|surahs?|suras?"
    r"|psalms?|scriptures?|liturgy|hymns?|litany|quran|qur['’]an|koran|bible|gospel)\b"
    r"|[\[(]\d{1,3}:\d{1,3}[\])]",
    re.IGNORECASE,
)
_QUOTE_OPENS = re.compile(r"[“\"](?:\S+\s+){3}")  # a quotation of four words or more
_CUT_OFF = re.compile(r"(?:\[\s*(?:…|\.\.\.?)\s*\]|…|\.\.\.)[\"'”’)\]]*\s*$")
_FEED_FOOTER = re.compile(r"\bThe post\b.{1,400}\bappeared first on\b", re.DOTALL)


# Words one of each pattern's matches must hold: a cheap substring test first, as most
# sentences hold none of them (the patterns are several times slower).
_FIGURE_WORDS = (
    "map", "chart", "graph", "fig", "table", "diagram", "pictur", "photo", "image", "poster",
    "banner", "illustrat", "screenshot", "cartoon", "shown", "seen", "depicted",
)  # fmt: skip
_METHOD_WORDS = ("our ", "my ", "we ", "i ", " us", " me", "this ", "author")
_INVOCATION_WORDS = (
    "allah", "god", "lord", "amen", "peace be", " be to", "father", "subhan", "insha", "alhamd",
    "bismi", "mercy", "rabb", "jesus", "mary", "prophet",
)  # fmt: skip


def _holds_any(sentence: str, words: tuple[str, ...]) -> bool:
    lowered = " " + sentence.lower()
    return any(map(lowered.__contains__, words))


def describes_a_figure(sentence: str) -> bool:
    """Whether the sentence describes a map, chart, picture or table the reader cannot see."""
    return _holds_any(sentence, _FIGURE_WORDS) and bool(_DESCRIBES.search(sentence))


def states_own_method(sentence: str) -> bool:
    """Whether the sentence tells, in the first person, how the article's authors worked."""
    if not _holds_any(sentence, _METHOD_WORDS):
        return False
    return bool(_OWN_METHOD.search(outside_quotes(sentence)))


def is_invocation(sentence: str) -> bool:
    """Whether the sentence holds the words of a prayer or liturgy."""
    if _holds_any(sentence, _INVOCATION_WORDS) and _INVOCATION.search(sentence):
        return True
    if '"' not in sentence and "“" not in sentence:
        return False
    quote = _QUOTE_OPENS.search(sentence)
    return quote is not None and _SACRED.search(sentence, 0, quote.start()) is not None


def is_cut_off(sentence: str) -> bool:
    """Whether the sentence trails off ("... while […]", "and so…") or is a feed's footer."""
    tail = sentence.rstrip()[-8:]
    if ("…" in tail or "..." in tail) and _CUT_OFF.search(sentence):
        return True
    return "appeared first on" in sentence and bool(_FEED_FOOTER.search(sentence))
