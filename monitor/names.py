"""Names from outside (file names, feed text) made safe to store and to show (pure).

A file name is bytes; Python reads one that is not valid UTF-8 with surrogate escapes
(``os.fsdecode``: byte 0xFF becomes U+DCFF), which SQLite, UTF-8 files and terminals refuse.

- ``storable`` turns a path into text any store, template or feed accepts, losslessly: a path
  that is valid UTF-8 is itself; any other is ``file://`` and its bytes percent-encoded
  (``file://seeds/bad%FF.txt``). ``str(Path(...))`` never holds ``//`` after its first two
  characters, so no real path is mistaken for an encoded one; ``unstorable`` reverses it.
- ``printable`` escapes what must not reach a log line or a terminal raw: line breaks, control
  characters (so no escape sequence), bidirectional overrides and surrogate escapes.
- ``json_line`` is ``json.dumps`` whose output is just as safe, and still valid JSON.
- ``publication_name`` is a feed's or page's own name as one short safe line, and
  ``feed_publication`` the publication a category or tag feed's title names.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote_from_bytes, unquote_to_bytes, urlsplit

_ENCODED = "file://"

#: C0 and C1 controls, DEL, line and paragraph separators, bidirectional embeddings, overrides
#: and isolates, and lone surrogates (surrogate escapes of bytes that are not UTF-8).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def storable(path: str | os.PathLike[str]) -> str:
    """``path`` as text that encodes to UTF-8: itself if it is valid, else its ``file://`` form."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if _escapes_only(text) else "surrogatepass")
        return _ENCODED + quote_from_bytes(raw, safe="/")
    return text


def unstorable(text: str) -> str:
    """The path that ``storable`` turned into ``text`` (surrogate escapes and all)."""
    if not text.startswith(_ENCODED):
        return text
    return os.fsdecode(unquote_to_bytes(text[len(_ENCODED) :]))


def _escapes_only(text: str) -> bool:
    """Whether every surrogate in ``text`` is a surrogate escape of one byte (U+DC80-U+DCFF)."""
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def printable(text: object) -> str:
    """``str(text)`` with every unsafe character escaped: ``\\n``, ``\\x1b``, ``\\u202e``."""
    return _UNSAFE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: shown as the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def json_line(value: Any) -> str:
    """``value`` as one line of JSON that is safe on a terminal (controls written ``\\uXXXX``)."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def tsv(*fields: object) -> str:
    """One line of a tab-separated table, every field ``printable`` (so a tab in it is ``\\t``)."""
    return "\t".join(printable(field) for field in fields)


#: The longest publication name kept: a feed title or a page's site name is a name, not a tagline.
NAME_LIMIT = 80


def publication_name(text: str | None) -> str | None:
    """A publication's name as a feed or a page gives it: one line (white space collapsed, no
    unsafe character), cut at a word to ``NAME_LIMIT`` characters; None when nothing is left."""
    line = " ".join(_UNSAFE.sub(" ", text or "").split())
    if len(line) > NAME_LIMIT:
        line = line[:NAME_LIMIT].rsplit(" ", 1)[0].rstrip(" ,;:–-|") + "…"
    return line or None


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def feed_publication(title: str, url: str) -> str:
    """The publication a feed's own title names. WordPress titles a category or tag feed
    "Category – Site" ("Central Asia – Global Affairs Review" at .../category/central-asia/feed/):
    the category is dropped when it is the feed address's own (its slug is a segment of the
    address's path, or a file's name there without its extension); any other title is kept."""
    category, dash, site = title.partition(" – ")
    slug = _NOT_SLUG.sub("-", category.lower()).strip("-")
    if not (dash and site.strip() and slug):
        return title
    segments = [part for part in urlsplit(url).path.lower().split("/") if part]
    return site.strip() if slug in segments + [s.rsplit(".", 1)[0] for s in segments] else title
