"""Read the feeds of an OPML subscription list (pure: bytes in, FeedConfig values out).

The XML parser never loads a DTD, never resolves entities and never touches the network.
"""

from __future__ import annotations

import lxml.etree

from monitor.config.load import FeedConfig


class OpmlError(ValueError):
    """The bytes are not a usable OPML document; the message says why."""


def parse_opml(data: bytes) -> list[FeedConfig]:
    """Every outline with an http(s) ``xmlUrl``, once, in document order.

    A feed nested in a folder outline gets the folder's title as its category hint.
    """
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise OpmlError("not an OPML document (the root element is not <opml>)")
    feeds: dict[str, FeedConfig] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url.startswith(("http://", "https://")) or url in feeds:
            continue
        name = (outline.get("title") or outline.get("text") or "").strip() or None
        parent = outline.getparent()
        folder = None
        if parent is not None and parent.tag == "outline" and not parent.get("xmlUrl"):
            folder = (parent.get("title") or parent.get("text") or "").strip() or None
        feeds[url] = FeedConfig(url=url, name=name, category=folder)
    return list(feeds.values())
