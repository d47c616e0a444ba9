"""Identity keys of an article and the merge policy for versions of one article.

Keys, strongest first: feed guid, canonical URL, fingerprint of the normalised text; near-
duplicates (MinHash) are in ``monitor.neardup``. Pure functions only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                       "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                       "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", "―": "-",
                       "…": "...", "\u00ad": None, "\u200b": None, "\ufeff": None})
_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ref|ref_src|amp|share|shared|cmpid|ncid|sr_share|__twitter_impression|spm)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {("http", 80), ("https", 443)}


def normalise(text: str) -> str:
    """NFKC, quotes and dashes folded, case and whitespace folded."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(folded.split())


def fingerprint(text: str) -> str:
    """A content fingerprint that survives re-typed quotes, dashes, case and spacing."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """One spelling of a URL: https, lower-case host, no default port, no tracking parameters
    (``utm_*``, ``fbclid``, ...), no fragment, no trailing slash, the other parameters sorted
    (so WordPress short links ``?p=ID`` are kept). None for anything but an http(s) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    keep_port = port and (parts.scheme.lower(), port) not in _DEFAULT_PORTS
    host = parts.hostname.lower().rstrip(".") + (f":{port}" if keep_port else "")
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(query), ""))


@dataclass(frozen=True)
class Version:
    """What the merge policy compares of one version of an article."""

    words: int
    published: datetime | None
    url: str | None


def replaces_text(stored: Version, new: Version, rule: str) -> bool:
    """Whether the new version's text (title, body, summary, regions) should replace the stored.

    The longest clean text is shown. A re-publication of the same item (same guid or URL) with
    at least as many words is an edit after publication and replaces the stored text too.
    """
    if new.words > stored.words:
        return True
    return rule in {"guid", "canonical_url"} and new.words == stored.words


def earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    """The earlier of two publication dates, either of which may be unknown."""
    known = [moment for moment in (first, second) if moment is not None]
    return min(known) if known else None


def real_url(stored: str | None, new: str | None) -> str | None:
    """The stored URL if it is a real web address, else the new one if that is."""
    for url in (stored, new):
        if canonical_url(url) is not None:
            return url
    return None
