"""A blog's tag or category archive: ``Posts Tagged '...'`` then posts with no markers.

Each post is the blogger's short first-person note about the piece ("Another piece on ...",
"A new post for ..."), the post's title, then its body (sub-headings, captions, bullets, an
author bio, footnotes). A post starts where a note-like paragraph is followed by a title-like
line; sub-headings follow body paragraphs, not notes, so they are never taken for titles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from monitor.models import Article
from monitor.sources import clean

log = logging.getLogger(__name__)

LAYOUT = "blog"

_ARCHIVE_HEADING = re.compile(
    r"^(posts? (tagged|filed under|in category|categorized)|(tag|category) archives?\s*:|"
    r"archive for (the )?)",
    re.IGNORECASE,
)
# What names the archive: "Posts Tagged 'X'", "Category: X", "Archive for the 'X' Category",
# "Tag Archives: X", "Posts filed under X"; or "X Archives". Quotes and a closing "Category" go.
_ARCHIVE_OF = (
    r"(?:posts?|articles?|entries|stories) (?:tagged|filed under|in (?:the )?category|"
    r"categori[sz]ed(?: as| under)?|labell?ed|about)\s*:?"
    r"|(?:(?:tag|category|topic|label|section)(?: archives?)?|tagged|filed under|archives?)\s*:"
    r"|archive for(?: the)?"
)
_ARCHIVE_NAME = re.compile(
    rf"^(?:{_ARCHIVE_OF})\s*(?P<name>.+?)\s*(?:(?:category|tag)(?: archives?)?)?$"
    r"|^(?P<before>[A-Z][^.:!?]{1,40}?)\s+Archives?$",
    re.IGNORECASE,
)
_QUOTES = "'\"‘’“”«»‹›"
_MAX_ARCHIVE_NAME_WORDS = 6
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|I’d|my|me|myself)\b|(?<!\d )\bam\b")
_IMPLICIT_SUBJECT = re.compile(r"(?:^|[.!?]\s+)(Am|Have|Been|Will|Had|Hope|Hoping|Looking)\b")
_WRITING = re.compile(
    r"\b(piece|pieces|post|posts|posting|posted|article|articles|op-?ed|paper|papers|"
    r"publication|outlet|podcast|interview|chapter|book|blog|website|writing|wrote|write|"
    r"column|latest|essay|commentary|co-?authored|appeared|long read)\b",
    re.IGNORECASE,
)
_WRITTEN_FOR = re.compile(
    r"\b(pieces?|posts?|articles?|op-?eds?|essays?|commentary|columns?|latest|papers?)\b[^.]{0,40}"
    r"\bfor (the )?[A-Z]"
)
_ADDRESS = re.compile(
    r"\b(comments|thoughts|criticisms|corrections|welcome|enjoy|thanks|grateful|kind|"
    r"invitation|invite|excellent|wonderful|brilliant|catch up|this time)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")  # two sentences: not a title
NOTE_THRESHOLD = 3
_MAX_TITLE_CHARS = 180
_MAX_TITLE_WORDS = 25


def recognises(paras: Sequence[str]) -> bool:
    """An archive heading among the first paragraphs."""
    return any(_ARCHIVE_HEADING.match(p) for p in paras[:3])


def archive_name(paras: Sequence[str]) -> str | None:
    """The tag or category a page archives ("Posts Tagged 'Central Asia'": "Central Asia"), from
    a heading among its first paragraphs; None when the page is no archive."""
    for para in paras[:3]:
        found = _ARCHIVE_NAME.match(para.strip())
        if found is None:
            continue
        name = (found.group("name") or found.group("before")).strip().strip(_QUOTES).strip()
        if name[:1].isupper() and len(name.split()) <= _MAX_ARCHIVE_NAME_WORDS:
            return name
    return None


def split(paras: Sequence[str], source: str) -> list[Article]:
    """Every post of the archive, with the blogger's note kept apart from the post."""
    first = next(i for i, p in enumerate(paras) if _ARCHIVE_HEADING.match(p))
    starts = _post_starts(paras, first + 1)
    articles = []
    for n, (note_at, title_at) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(paras)
        article = _post(paras, note_at, title_at, end, source)
        if article is not None:
            articles.append(article)
    if not articles:
        log.warning("%s: a blog archive with no post found", source)
    return articles


def note_score(para: str, previous: str | None = None) -> int:
    """How much a paragraph reads like the blogger talking about the piece (0 to 7).

    ``previous`` is the paragraph before it: a post that ends with a bio, a footnote or a
    "read more" line makes the next paragraph more likely a note.
    """
    voice = bool(_FIRST_PERSON.search(para) or _IMPLICIT_SUBJECT.search(para))
    writing = {m.casefold() for m in _WRITING.findall(para)}
    return int(voice) + min(2, len(writing)) + _addressing(para, previous)


def is_note(para: str, previous: str | None = None) -> bool:
    """A note scores enough and addresses the reader (or follows the end of a post): an "I"
    paragraph about a book inside a post is not one."""
    return (
        not is_title_like(para)
        and note_score(para, previous) >= NOTE_THRESHOLD
        and _addressing(para, previous) > 0
    )


def _addressing(para: str, previous: str | None) -> int:
    """Cues that the blogger addresses readers about where a piece appeared (0 to 4)."""
    address = {m.casefold() for m in _ADDRESS.findall(para)}
    after_a_post = previous is not None and _ends_a_post(previous)
    return min(2, len(address)) + int(bool(_WRITTEN_FOR.search(para))) + int(after_a_post)


def _ends_a_post(para: str) -> bool:
    return bool(clean.bio_name(para) or clean.is_chrome(para) or clean.is_footnote(para))


def is_title_like(para: str) -> bool:
    """Short, not a sentence ending in a full stop, not chrome or a caption."""
    text = para.strip()
    return (
        0 < len(text) <= _MAX_TITLE_CHARS
        and len(text.split()) <= _MAX_TITLE_WORDS
        and not text.endswith((".", ",", ";", ":", "…", "..."))
        and not _SENTENCE_BREAK.search(text)
        and not re.match(r"^([-•*–]|\d+[.)]?\s)", text)
        and not clean.is_chrome(text)
        and not clean.is_caption(text)
    )


def _post_starts(paras: Sequence[str], first: int) -> list[tuple[int, int]]:
    """(where the note starts, where the title is) for each post."""
    starts: list[tuple[int, int]] = []
    for i in range(first, len(paras)):
        if not is_title_like(paras[i]):
            continue
        note_at = i
        while note_at > first and is_note(paras[note_at - 1], paras[note_at - 2]):
            note_at -= 1
        if not starts and not any(is_title_like(p) for p in paras[first:i]):
            starts.append((first, i))  # the first post: whatever precedes its title is its note
        elif note_at < i and (not starts or note_at > starts[-1][1]):
            starts.append((note_at, i))
    return starts


def _post(
    paras: Sequence[str], note_at: int, title_at: int, end: int, source: str
) -> Article | None:
    raw_body = list(paras[title_at + 1 : end])
    authors = [name for bio in clean.trailing_bios(raw_body) if (name := clean.bio_name(bio))]
    author = " and ".join(dict.fromkeys(authors)) or None
    body = clean.clean_paragraphs(raw_body, author)
    while body and is_title_like(body[0]):
        body = body[1:]  # a subtitle line, not the first paragraph
    if not body:
        log.warning("%s: post %r has no body; skipped", source, paras[title_at])
        return None
    note = "\n\n".join(paras[note_at:title_at]) or None
    return Article(
        title=paras[title_at].strip(),
        text="\n\n".join(body),
        source=source,
        layout=LAYOUT,
        author=author,
        note=note,
    )
