"""The feed corpus (../shared/eval/feeds): manifest rows, their headers, an active-content scan."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from paths import FEEDS_CORPUS

CORPUS = FEEDS_CORPUS
_ENCODED = {"gzip": "gzip", "zlib": "deflate"}
_ACTIVE_TAGS = ("script", "iframe", "object", "embed", "form", "applet", "base", "frame")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_LINKS = {"href", "src", "action", "formaction", "data", "xlink:href"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    relative: str
    headers: Mapping[str, str]
    hostile: bool


def corpus_files() -> Iterator[CorpusFile]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            yield CorpusFile(
                CORPUS / row["path"], row["path"], _headers(row), row["hostile"] == "yes"
            )


def _headers(row: Mapping[str, str]) -> dict[str, str]:
    headers = {}
    for line in re.split(r"\s*\|\s*|\n", row["http_headers"]):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers[name.strip().lower()] = value.strip()
    if row["format"] in _ENCODED:
        headers["content-encoding"] = _ENCODED[row["format"]]
    return headers


def active_content(html: str) -> list[str]:
    """Every script, event handler, active element or non-http(s) link in a rendered page."""
    found = []
    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _ACTIVE_TAGS:
            found.append(f"<{element.tag}>")
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta refresh>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name}= on <{element.tag}>")
            scheme = _SCHEME.match(_INVISIBLE.sub("", value).lower())
            if name.lower() in _LINKS and scheme and scheme.group(1) not in _SAFE_SCHEMES:
                found.append(f"{name}={value[:60]!r}")
    return found
