"""The article given on standard input [io: reads stdin's bytes]: decoded by its byte order mark
or as strict UTF-8, whatever the locale; capped in size. Every refusal is an ``InputError``
(exit 7) with a short message that never quotes the input."""

from __future__ import annotations

import codecs
from typing import BinaryIO

from monitor.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # an article is far smaller; 20 MB of stdin is not one
HINT = "pipe a UTF-8 text file: monitor summarize < article.txt"

#: Byte order marks and their codecs; UTF-32's come first, as UTF-32-LE's starts like UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_capped(stream: BinaryIO, limit: int | None = None) -> bytes:
    """At most ``limit`` (default ``MAX_BYTES``) bytes of ``stream``, holding no more than
    ``limit + 1``."""
    limit = MAX_BYTES if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"standard input is over {limit // (1024 * 1024)} MB", HINT)
    return data


def decode_input(data: bytes) -> str:
    """The text of ``data``: by its byte order mark, else strict UTF-8; NUL means binary."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    if not bom and b"\x00" in data:
        raise InputError("standard input is binary (it holds NUL bytes), not text", HINT)
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.upper().replace("-LE", "").replace("-BE", "")
        raise InputError(
            f"standard input is not {name} text (invalid byte at offset {exc.start + len(bom)})",
            HINT,
        ) from None
    if "\x00" in text:
        raise InputError("standard input is binary (it holds NUL characters), not text", HINT)
    return text


def split_article(text: str) -> tuple[str, str]:
    """(title, body): the title is the first paragraph when a body follows it. Line ends are
    read as text mode would (CRLF and CR are newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("no article on standard input", HINT)
    title, _, body = text.strip().partition("\n\n")
    return (title.strip(), body.strip()) if body.strip() else ("", title.strip())


def read_article(stream: BinaryIO) -> tuple[str, str]:
    """(title, body) of the article on ``stream``."""
    return split_article(decode_input(read_capped(stream)))
