"""The ``[[subscribers]]`` tables of the config: readers who each get their own digest. Every
error names the file and the key, like ``subscribers[1].regions``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monitor.config.check import Checker
from monitor.config.delivery import DigestConfig
from monitor.digest.schedule import parse_schedule, parse_timezone, same_slots
from monitor.models import Region
from monitor.watch.rules import WatchRule

READER_KEYS = {"to", "regions", "watch", "schedule", "timezone", "formats", "send_empty"}
READER_FORMATS = ("html", "text")


@dataclass(frozen=True)
class Subscriber:
    """A reader: their own digest of ``regions`` (empty: every region), whose Watchlist
    section holds the hits of the ``watch`` rules, whatever the region; at the slots of
    ``schedule`` (in ``timezone``) when it is set, else at the ``[digest] schedule``'s."""

    to: str
    regions: tuple[Region, ...] = ()
    watch: tuple[str, ...] = ()
    timezone: str = "UTC"
    formats: tuple[str, ...] = READER_FORMATS  # the text part is always there
    send_empty: bool = False
    schedule: str | None = None  # their own; None: the [digest] schedule's slots


def parse_subscribers(
    check: Checker, data: Mapping[str, Any], digest: DigestConfig, rules: tuple[WatchRule, ...]
) -> tuple[Subscriber, ...]:
    if "subscribers" not in data:
        return ()
    items = check.list(data, "subscribers")
    readers = tuple(_reader(check, item, i, digest, rules) for i, item in enumerate(items))
    seen: set[str] = set()
    for i, reader in enumerate(readers):
        if reader.to.lower() in seen:
            raise check.error(f"subscribers[{i}].to", f"repeats the address {reader.to!r}")
        seen.add(reader.to.lower())
    return readers


def _reader(
    check: Checker, item: Any, index: int, digest: DigestConfig, rules: tuple[WatchRule, ...]
) -> Subscriber:
    where = f"subscribers[{index}]"
    if not isinstance(item, Mapping):
        raise check.error(where, 'must be a table with to = "reader@example.org"')
    check.keys(item, where, READER_KEYS)
    to = check.string(item, "to", where, required=True)
    if "@" not in to:
        raise check.error(f"{where}.to", f"must be an e-mail address, not {to!r}")
    regions = check.list(item, "regions", where) if "regions" in item else []
    watch = tuple(check.list(item, "watch", where)) if "watch" in item else ()
    names = {rule.name for rule in rules}
    unknown = [name for name in watch if name not in names]
    if unknown:
        raise check.error(f"{where}.watch", f"names no [[watch]] rule: {unknown[0]!r}")
    timezone = _timezone(check, item, where, digest.timezone)
    return Subscriber(
        to=to,
        regions=tuple(check.region(r, f"{where}.regions") for r in regions),
        watch=watch,
        timezone=timezone,
        formats=_formats(check, item, where),
        send_empty=check.boolean(item, "send_empty", where, digest.send_empty),
        schedule=_schedule(check, item, where, timezone, digest),
    )


def _schedule(
    check: Checker, item: Mapping[str, Any], where: str, timezone: str, digest: DigestConfig
) -> str | None:
    """The reader's own schedule, read in their time zone; None when it has none, or when its
    slots are the ``[digest] schedule``'s (they get their cut of each digest then)."""
    text = check.string(item, "schedule", where)
    if not text:
        return None
    try:
        own = parse_schedule(text, parse_timezone(timezone))
    except ValueError as exc:
        raise check.error(f"{where}.schedule", f"of {item['to']!r} is wrong: {exc}") from None
    main = parse_schedule(digest.schedule, parse_timezone(digest.timezone))
    return None if same_slots(own, main) else " ".join(text.split())


def _timezone(check: Checker, item: Mapping[str, Any], where: str, default: str) -> str:
    name = check.string(item, "timezone", where) or default
    try:
        parse_timezone(name)
    except ValueError as exc:
        raise check.error(f"{where}.timezone", f"names an {exc}") from None
    return name


def _formats(check: Checker, item: Mapping[str, Any], where: str) -> tuple[str, ...]:
    if "formats" not in item:
        return READER_FORMATS
    formats = tuple(check.list(item, "formats", where))
    if not formats or not set(formats) <= set(READER_FORMATS):
        raise check.error(f"{where}.formats", 'must list "html" and/or "text"')
    return tuple(f for f in READER_FORMATS if f in formats or f == "text")
