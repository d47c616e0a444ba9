"""Remove what is not the article from its paragraphs: chrome, captions, credits, bios, footnotes.

Pure functions on text, used by every layout (and usable on feed items). ``clean_text`` keeps
paragraphs separated by a blank line: the summariser relies on those breaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Whole paragraphs that are page chrome or prompts, compared case-insensitively and without
#: trailing arrows, dots or colon.
CHROME_LINES = frozenset(
    line.casefold()
    for line in (
        "Connect with us",
        "Continue Reading",
        "Read more",
        "Read more here",
        "Comments",
        "Leave a comment",
        "Leave a Reply",
        "Share this",
        "Share",
        "Tweet",
        "Print",
        "Email",
        "Like this",
        "Related",
        "Related posts",
        "Publications",
        "Latest",
        "Trending",
        "Advertisement",
    )
)

_MAX_CHROME_LINE = max(len(line) for line in CHROME_LINES)

_PROMPT = re.compile(
    r"^(share (this|on)|click (here )?to (share|print|email)|leave a (comment|reply)|"
    r"sign up for|subscribe to|follow us on|from our partner\b|this article (was|is) "
    r"(originally )?(published|republished)|originally published (in|at|by|on))",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^([«‹←]\s*)?((older|newer|previous|next) (entries|posts|page)|load more|page \d+ of \d+)"
    r"(\s*[»›→])?$|^(posted in|filed under|tagged:?|tags:|categories:)\s",
    re.IGNORECASE,
)
_MAX_NAVIGATION_CHARS = 200
_COPYRIGHT = re.compile(r"^(copyright\b|©|\(c\) \d{4})", re.IGNORECASE)
_TEASER_TIME = re.compile(r"\d+\s*(sec|secs|min|mins|minute|minutes|hour|hours|day|days)\s+ago$")
_CAPTION_MARK = re.compile(
    r"(a screenshot from|stock photo|\bap photo\b|getty images|\bfile photo\b|\(photo\b|"
    # a credit that ends the paragraph: "... Photo: Agency", "... Courtesy of Agency"
    r"(^|[.!?]\s+)(\w+\s)?(photo|image|picture|credits?|illustration)( courtesy)?\s*:"
    r"\s*[^.!?]*\.?$|(^|[.!?]\s+)(photo )?courtesy( of)?\b[^.!?]*\.?$)",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(credits?|photo|image|picture|source|illustration)\s*:", re.IGNORECASE)
_MAX_CAPTION_CHARS = 300

_WRAP_WIDTH = 100
_LIST_ITEM = re.compile(r"^([-•*–]|\d+[.)])\s")
_FOOTNOTE = re.compile(r"^\[?\d{1,3}\]?[.)]?\s+\S")  # "12 Source", "[3] Source", "4. Source"
_FOOTNOTE_MARKER = re.compile(r"(?<=[A-Za-z)\]”\"’][.,;:])\d{1,3}(?=\s|$)")
_FOOTNOTE_HEADINGS = frozenset({"notes", "footnotes", "endnotes", "references", "sources"})

_ABOUT_AUTHOR = re.compile(r"^about the authors?$", re.IGNORECASE)
_NAME = r"(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+"
_BIO_START = re.compile(
    rf"^(?P<name>{_NAME})(?:,?\s+(?:is|was|has been|has|holds|serves|works|teaches|writes|"
    r"currently|lectures)\b|,\s+(?:a|an|the)\s)"
)
_BIO_ROLE = re.compile(
    r"\b(fellow|analyst|professor|lecturer|researcher|research|journalist|editor|director|"
    r"author|writer|contribut\w*|chair\w*|founder|associate|scholar|student|expert|"
    r"economist|consultant|adviser|advisor|correspondent|institute|university|"
    r"school|centre|center|degree|degrees)\b",
    re.IGNORECASE,
)
_BIO_TITLE_START = re.compile(
    r"^(advisory board|senior fellow|professor|prof\.|dr\.)\b", re.IGNORECASE
)
_SPEECH = re.compile(r"\b(said|says|told|added|argued|warned|noted|explained|according to)\b")
_ROLE_REACH = 60  # the role ("a senior fellow") comes right after the verb
_NOT_A_NAME = frozenset(
    {"while", "when", "as", "but", "and", "however", "this", "that", "the", "it", "he", "she"}
    | {"they", "there", "although", "if", "since", "after", "before", "in", "on", "at", "for"}
)
_MAX_BIO_CHARS = 1200
_BIO_WINDOW = 3  # a bio is one of the last paragraphs of an article


#: Characters no article text needs, and which could move a terminal's cursor or reverse what a
#: reader sees: C0 controls but tab and line feed, DEL, C1 controls, bidirectional embeddings,
#: overrides and isolates (the plain left-to-right and right-to-left marks stay).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n"))


def without_controls(text: str) -> str:
    """``text`` without control characters (a carriage return or a Unicode line or paragraph
    separator becomes a line break)."""
    for old, new in _LINE_BREAKS:  # str.replace: far quicker than str.translate on long texts
        if old in text:
            text = text.replace(old, new)
    return _CONTROLS.sub("", text)


def is_chrome(paragraph: str) -> bool:
    """Page chrome: a share/comment prompt, a partner line, a copyright line, a teaser time,
    archive navigation or a post's filing line."""
    text = paragraph.strip()
    return (
        (len(text) <= _MAX_CHROME_LINE + 3 and bare(text) in CHROME_LINES)
        or bool(_PROMPT.match(text))
        or is_copyright(text)
        or is_teaser_time(text)
        or (len(text) < _MAX_NAVIGATION_CHARS and bool(_NAVIGATION.match(text)))
    )


def bare(line: str) -> str:
    """A short line without its trailing arrows, dots and colon, folded: "Read more »"."""
    return line.casefold().rstrip(" →»›.…:")


def is_copyright(paragraph: str) -> bool:
    return bool(_COPYRIGHT.match(paragraph.strip()))


def is_teaser_time(paragraph: str) -> bool:
    """A sidebar teaser's category-and-age line, such as ``South Asia2 hours ago``."""
    return len(paragraph) < 60 and bool(_TEASER_TIME.search(paragraph.strip()))


def is_footnote(paragraph: str) -> bool:
    """A numbered note, as in a footnote list: ``12 Source, 2020``."""
    return bool(_FOOTNOTE.match(paragraph.strip()))


def is_caption(paragraph: str) -> bool:
    """An image caption or photo credit."""
    text = paragraph.strip()
    return len(text) <= _MAX_CAPTION_CHARS and bool(
        _CREDIT.match(text) or _CAPTION_MARK.search(text)
    )


def bio_name(paragraph: str) -> str | None:
    """The person a bio paragraph is about (``X is a senior fellow at ...``), else None."""
    text = paragraph.strip()
    if len(text) > _MAX_BIO_CHARS or not _BIO_ROLE.search(text):
        return None
    match = _BIO_START.match(text)
    if not match or not _BIO_ROLE.search(text, match.end(), match.end() + _ROLE_REACH):
        return None
    if _SPEECH.search(re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]):
        return None  # "X, the port's director, said ...": a quote, not a bio
    name = re.sub(r"^(Mr|Ms|Mrs|Dr|Prof)\.?\s+", "", match.group("name"))
    words = name.split()
    return name if len(words) >= 2 and words[0].casefold() not in _NOT_A_NAME else None


def is_bio(paragraph: str, author: str | None = None) -> bool:
    """A short paragraph about the author rather than the subject."""
    text = paragraph.strip()
    if len(text) > _MAX_BIO_CHARS or not _BIO_ROLE.search(text):
        return False
    if bio_name(text) or _BIO_TITLE_START.match(text):
        return True
    surname = author.split()[-1] if author and author.split() else None
    return surname is not None and surname in text[:200] and len(text) < 900


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: blocks between blank lines, one paragraph per line.

    A hard-wrapped block (lines of 50 to 100 characters) is one paragraph; a line that
    continues a sentence (the line before has no end punctuation, this one starts in lower
    case) is joined to it. List items always start a new paragraph.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        wrapped = len(lines) > 1 and 50 <= max(len(x) for x in lines[:-1]) <= _WRAP_WIDTH
        for n, line in enumerate(lines):
            continues = wrapped or (
                not re.search(r"[.!?:;”\"’)]$", lines[n - 1]) and line[:1].islower()
            )
            if n and continues and not _LIST_ITEM.match(line):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
    return out


def clean_paragraphs(paras: Sequence[str], author: str | None = None) -> list[str]:
    """The article's own paragraphs, without chrome, captions, credits, bios and footnotes."""
    kept = _without_captions([p for p in paras if not is_chrome(p)])
    kept = _without_footnote_list(kept)
    kept = _without_trailing_bios(kept, author)
    return [_FOOTNOTE_MARKER.sub("", p).strip() for p in kept if p.strip()]


def clean_text(text: str, author: str | None = None) -> str:
    """``text`` cleaned, paragraphs separated by a blank line."""
    return "\n\n".join(clean_paragraphs(paragraphs(text), author))


def _without_captions(paras: list[str]) -> list[str]:
    """Drop captions and credits, and the caption line just before a credit line.

    The first paragraph is never taken for such a caption: it is the standfirst.
    """
    kept: list[str] = []
    for para in paras:
        if is_caption(para):
            if _CREDIT.match(para) and len(kept) > 1 and len(kept[-1]) <= _MAX_CAPTION_CHARS:
                kept.pop()
            continue
        kept.append(para)
    return kept


def _without_footnote_list(paras: list[str]) -> list[str]:
    """Cut a trailing run of numbered notes (and its heading), allowing wrapped continuations."""
    end = len(paras)
    start = end
    run = 0
    for i in range(end - 1, -1, -1):
        para = paras[i]
        if is_footnote(para):
            start, run = i, run + 1
        elif len(para) < 200 and i > 0 and is_footnote(paras[i - 1]):
            start = i  # a wrapped tail of the note above it
        else:
            break
    if run < 2:
        return paras
    head = paras[:start]
    if head and head[-1].strip().casefold().rstrip(":") in _FOOTNOTE_HEADINGS:
        head = head[:-1]
    return head


def trailing_bios(paras: Sequence[str], author: str | None = None) -> list[str]:
    """The author bios among the last paragraphs (after any footnote list is set aside)."""
    kept = _without_footnote_list([p for p in paras if not is_chrome(p)])
    return kept[_bio_cut(kept, author) :]


def _bio_cut(paras: Sequence[str], author: str | None) -> int:
    cut = len(paras)
    for i in range(len(paras) - 1, max(-1, len(paras) - 1 - _BIO_WINDOW), -1):
        if is_bio(paras[i], author):
            cut = i
    return cut


def _without_trailing_bios(paras: list[str], author: str | None) -> list[str]:
    kept = paras[: _bio_cut(paras, author)]
    while kept and _ABOUT_AUTHOR.match(kept[-1].strip()):
        kept.pop()
    return kept
