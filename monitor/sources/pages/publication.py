"""The publication a saved page names itself, when it shows one (pure).

A digest entry says where it comes from; for a saved page that is the folder's configured name,
else what the page itself says here, else the file's name. A page says it in one of two places:

- an HTML page's ``<meta property="og:site_name">`` (or ``application-name``) tag;
- the copyright line of its footer, in a saved text or HTML page alike: ``Copyright © 2019
  Modern Diplomacy``, ``© 2024 The Field Notes. All rights reserved.`` (the last such line;
  with a year, so that a photo credit such as ``© Reuters`` is not taken for it).

Anything longer than a name (more than ``MAX_WORDS`` words) is not taken for one.
"""

from __future__ import annotations

import html
import re

from monitor.names import publication_name

MAX_WORDS = 8
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SITE_KEYS = ("og:site_name", "application-name")
_TAG = re.compile(r"<[^>]*>")
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?"
    r"\d{4}(?:\s*[-–]\s*\d{2,4})?\s*[,.]?\s*(?:by\s+)?"
    r"(?P<name>[^\W\d_].*?)[\s.,]*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)


def page_publication(text: str, is_html: bool) -> str | None:
    """The publication ``text`` (a saved page) names itself, or None when it shows none."""
    if is_html:
        found = _site_name(text)
        if found:
            return found
        text = html.unescape(_TAG.sub("\n", text))
    return _copyright_holder(text)


def _site_name(page: str) -> str | None:
    for tag in _META.finditer(page):
        attributes = {
            m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None)
            for m in _ATTRIBUTE.finditer(tag.group())
        }
        key = attributes.get("property", attributes.get("name", "")).lower()
        if key in _SITE_KEYS and (name := _name(html.unescape(attributes.get("content", "")))):
            return name
    return None


def _copyright_holder(text: str) -> str | None:
    for line in reversed(text.splitlines()):
        match = _COPYRIGHT.match(line)
        if match and (name := _name(match.group("name"))):
            return name
    return None


def _name(text: str) -> str | None:
    name = publication_name(text)
    if name is None or len(name.split()) > MAX_WORDS or "rights reserved" in name.lower():
        return None
    return name
