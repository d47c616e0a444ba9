"""Identity keys of an article: canonical URL and a fingerprint of its normalised text.

Keys, strongest first: feed guid, canonical URL, fingerprint of the normalised text; near-
duplicates (MinHash) are in ``monitor.neardup``, the merge policy in ``monitor.merge``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.models import Identity

# Folded with str.replace, one character after another (20x faster than str.translate on
# non-ASCII text); no replacement contains a character that is replaced.
_FOLD = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
         "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", "―": "-",
         "…": "...", "\u00ad": "", "\u200b": "", "\ufeff": ""}
_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ref|ref_src|amp|share|shared|cmpid|ncid|sr_share|__twitter_impression|spm)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {("http", 80), ("https", 443)}
#: The exact identity keys, strongest first (the kinds of key the store indexes).
EXACT_KEYS = ("guid", "canonical_url", "fingerprint")


def exact_keys(identity: Identity) -> list[tuple[str, str]]:
    """(kind, value) of each exact key the identity has, strongest first."""
    values = (identity.guid, identity.canonical_url, identity.fingerprint)
    return [(kind, value) for kind, value in zip(EXACT_KEYS, values, strict=True) if value]


@functools.lru_cache(maxsize=4)
def normalise(text: str) -> str:
    """NFKC, quotes and dashes folded, case and whitespace folded. The last few are kept: an
    article's fingerprint and its band keys (``neardup.encoded_words``) fold the same text."""
    folded = unicodedata.normalize("NFKC", text)
    for char, plain in _FOLD.items():
        folded = folded.replace(char, plain)
    return " ".join(folded.casefold().split())


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
