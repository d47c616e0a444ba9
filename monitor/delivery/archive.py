"""The digest as files [io]: one HTML and one Markdown file per digest, index.html, an Atom feed.

Every file is written atomically (a temporary file in the same folder, fsync, then os.replace),
so a reader or a web server never sees half a digest.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import jinja2

from monitor.digest.render import templates_dir, when
from monitor.records import DigestHeader, StoredDigest

SUFFIXES = {"html": ".html", "markdown": ".md"}
INDEX = "index.html"
FEED = "digests.atom"
FEED_ENTRIES = 30
ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class IndexEntry:
    subject: str
    when: str
    files: tuple[str, ...]


class Dated(Protocol):
    """A digest or its header: what a file name is made from."""

    @property
    def id(self) -> int: ...

    @property
    def period_end(self) -> datetime: ...


def file_names(digest: Dated, formats: Sequence[str], tz: ZoneInfo) -> tuple[str, ...]:
    """``digest-2026-11-22-7.html``: the local date the digest closed, then its id."""
    day = digest.period_end.astimezone(tz).date().isoformat()
    return tuple(f"digest-{day}-{digest.id}{SUFFIXES[fmt]}" for fmt in formats)


def write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def publish(
    directory: Path,
    digest: StoredDigest,
    history: Sequence[DigestHeader],
    load: Callable[[int], StoredDigest],
    formats: Sequence[str],
    tz: ZoneInfo,
    base_url: str = "",
) -> None:
    """Write ``digest`` in every format, then rewrite index.html and the feed.

    ``history`` is every rendered digest, newest first; the index and the feed list those whose
    files are in ``directory``. ``load`` reads a digest's bodies, for the feed's entries.
    """
    directory.mkdir(parents=True, exist_ok=True)
    bodies = {"html": digest.bodies.html, "markdown": digest.bodies.markdown}
    for fmt, name in zip(formats, file_names(digest, formats, tz), strict=True):
        write_atomic(directory / name, bodies[fmt])
    published = [
        item for item in history if (directory / file_names(item, formats, tz)[0]).is_file()
    ]
    write_atomic(directory / INDEX, index_html(published, formats, tz))
    entries = [load(item.id) for item in published[:FEED_ENTRIES]]
    write_atomic(directory / FEED, atom_feed(entries, formats, tz, base_url))


def index_html(digests: Sequence[DigestHeader], formats: Sequence[str], tz: ZoneInfo) -> str:
    entries = [
        IndexEntry(d.subject, when(d.period_end.astimezone(tz)), file_names(d, formats, tz))
        for d in digests
    ]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("index.html.j2").render(entries=entries, feed=FEED)


def atom_feed(
    digests: Sequence[StoredDigest], formats: Sequence[str], tz: ZoneInfo, base_url: str = ""
) -> str:
    """An Atom feed of digests (newest first); links are relative unless ``base_url`` is set."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", "Regional digests")
    _text(feed, "id", base_url + FEED if base_url else "urn:monitor:digests")
    _text(feed, "updated", (digests[0].created if digests else _EPOCH).isoformat())
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base_url + FEED)
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "monitor")
    for digest in digests:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", digest.bodies.subject)
        _text(entry, "id", _tag(digest, f"digest-{digest.id}"))
        _text(entry, "updated", digest.created.isoformat())
        href = base_url + file_names(digest, formats, tz)[0]
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=href)
        _text(entry, "summary", digest.bodies.text[:500])
        _text(entry, "content", digest.bodies.html).set("type", "html")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def _tag(digest: StoredDigest, name: str) -> str:
    domain = digest.message_id.strip("<>").rpartition("@")[2]
    return f"tag:{domain},{digest.created:%Y-%m-%d}:{name}"
