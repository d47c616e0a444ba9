"""The words of a text as the gazetteer reads them: one regular-expression pass, a possessive
"'s" kept with its word ("Iran's"), coordinated regions written out in full."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"([^\W_]+)(['’]s\b)?")
# _TOKEN's matches as whole strings; a token that ends in "'s" is possessive, as no word has an
# apostrophe. In a text whose word characters are all ASCII, [^\W_] is [A-Za-z0-9].
_WORD = re.compile(r"[^\W_]+(?:['’]s\b)?")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['’]s\b)?")
_WORD_CHARACTER = re.compile(r"[^\W_]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
POSSESSIVE = ("'s", "’s")
# The end of the opening sentence: a full stop, question or exclamation mark (and a closing
# quote) before a capital or an opening quote, or the end of the first paragraph. "Mr." and
# "U.S." end no sentence here: a capital follows their full stop with no space.
_SENTENCE_END = re.compile(r"(?<![A-Z][a-z])(?<!\b[A-Z])[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")
# "South and Central Asia" names two regions: written out as "South Asia and Central Asia".
_POINTS = r"(?:South|Central|East|West|North|Southeast|Southwest|Northeast|Northwest)(?:ern)?"
_COORDINATED = re.compile(
    rf"\b({_POINTS})( and | or |/)({_POINTS}) (Asia|Asian|Asians|Africa|African|Europe)\b"
)
# Matches wherever _COORDINATED does, 5x faster: without the leading \b, the search skips to
# the letters that can begin it.
_COORDINATED_HINT = re.compile(rf"{_POINTS}(?: and | or |/){_POINTS} (?:Asia|Africa|Europe)")


def tokens(text: str) -> list[tuple[str, bool]]:
    """(word, possessive) for every word: "Iran's" is ("Iran", True), "U.S." is "U", "S"."""
    return [(word, bool(poss)) for word, poss in _TOKEN.findall(text)]


def word_tokens(text: str) -> list[str]:
    """The words of ``tokens`` as one string each, a possessive with its "'s" ("Iran's"): the
    same matches without a tuple per word, with an ASCII class (1.6x faster) when the text
    has no word character beyond ASCII (its curly quotes and dashes are no word characters)."""
    ascii_words = text.isascii() or not any(
        map(_WORD_CHARACTER.match, set(_NON_ASCII.findall(text)))
    )
    return (_ASCII_WORD if ascii_words else _WORD).findall(text)


def bare(token: str) -> str:
    """A token of ``word_tokens`` without its possessive "'s"."""
    return token[:-2] if token[-2:] in POSSESSIVE else token


def coordinated(text: str) -> str:
    """Coordinated regions written out: "South and Central Asia" as "South Asia and Central
    Asia"."""
    regional = "Asia" in text or "Africa" in text or "Europe" in text  # a quicker first test
    if regional and _COORDINATED_HINT.search(text):
        return _COORDINATED.sub(r"\1 \4\2\3 \4", text)
    return text


def opening_words(text: str) -> int:
    """How many ``word_tokens`` the text's opening sentence holds."""
    end = _SENTENCE_END.search(text)
    return len(word_tokens(text[: end.start() + 1] if end else text))
