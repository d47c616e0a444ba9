"""When digests are due (pure): schedule specs, slot times, catch-up after downtime.

A *slot* is the moment a digest is due, as a UTC datetime. Daily and weekly slots are computed
per local calendar date in the configured time zone, so a DST change moves the slot in UTC but
never gives one local day two slots or none: a local time that does not exist (spring forward)
is taken one hour later; one that exists twice (fall back) is taken at its first occurrence.
"every Nh" slots are multiples of N hours since the Unix epoch (UTC), independent of DST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAILY = re.compile(r"daily\s+(\d{1,2}):(\d{2})")
_WEEKLY = re.compile(r"weekly\s+(mon|tue|wed|thu|fri|sat|sun)\w*\s+(\d{1,2}):(\d{2})")
_EVERY = re.compile(r"every\s+(\d+)\s*h(?:ours?)?")
_SEARCH_DAYS = 9  # a weekly slot is always within 8 local days of any moment
MAX_HOURS = 366 * 24  # "every Nh": at most a year, well within what datetime can hold


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: at ``at`` local time every day (or on ``weekday``), or every N hours."""

    tz: ZoneInfo
    at: time | None = None
    weekday: int | None = None  # 0 = Monday; None = every day
    hours: int | None = None  # set for "every Nh"

    def describe(self) -> str:
        if self.hours:
            return f"every {self.hours}h"
        day = f"weekly {WEEKDAYS[self.weekday]}" if self.weekday is not None else "daily"
        return f"{day} {self.at:%H:%M} {self.tz.key}"


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (an IANA name like Asia/Tashkent)") from None


def parse_schedule(text: str, tz: ZoneInfo) -> Schedule:
    """``"daily 07:00"``, ``"weekly mon 07:00"`` or ``"every 6h"``; ValueError otherwise."""
    spec = " ".join(text.lower().split())
    if match := _DAILY.fullmatch(spec):
        return Schedule(tz=tz, at=_clock(match.group(1), match.group(2)))
    if match := _WEEKLY.fullmatch(spec):
        at = _clock(match.group(2), match.group(3))
        return Schedule(tz=tz, at=at, weekday=WEEKDAYS.index(match.group(1)))
    if match := _EVERY.fullmatch(spec):
        hours = int(match.group(1))
        if not 1 <= hours <= MAX_HOURS:
            allowed = f"from 1 to {MAX_HOURS} (a year), not {hours}"
            raise ValueError(f'the schedule "every Nh" needs N {allowed}')
        return Schedule(tz=tz, hours=hours)
    raise ValueError(
        f'cannot read the schedule {text!r} (use "daily 07:00", "weekly mon 07:00" or "every 6h")'
    )


def same_slots(one: Schedule, other: Schedule) -> bool:
    """Whether two schedules have the same slots ("every Nh" ones whatever their zone)."""
    if one.hours or other.hours:
        return one.hours == other.hours
    return one == other


def _clock(hour: str, minute: str) -> time:
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{hour}:{minute} is not a time of day")
    return time(int(hour), int(minute))


def local_slot(schedule: Schedule, day: date) -> datetime:
    """The UTC moment of the slot on local date ``day`` (DST gaps and folds resolved)."""
    assert schedule.at is not None
    # fold=0 (PEP 495): a repeated wall time is its first occurrence; a skipped one is read
    # with the offset before the change, i.e. it lands one hour later on the new clock.
    return datetime.combine(day, schedule.at, tzinfo=schedule.tz).astimezone(UTC)


def _slots_around(schedule: Schedule, now: datetime) -> list[datetime]:
    today = now.astimezone(schedule.tz).date()
    days = (today + timedelta(days=offset) for offset in range(-_SEARCH_DAYS, _SEARCH_DAYS))
    return [
        local_slot(schedule, day)
        for day in days
        if schedule.weekday is None or day.weekday() == schedule.weekday
    ]


def latest_slot(schedule: Schedule, now: datetime) -> datetime:
    """The most recent slot at or before ``now``."""
    if schedule.hours:
        period = schedule.hours * 3600
        return datetime.fromtimestamp(int(now.timestamp()) // period * period, UTC)
    return max(slot for slot in _slots_around(schedule, now) if slot <= now)


def next_slot(schedule: Schedule, now: datetime) -> datetime:
    """The first slot strictly after ``now``."""
    if schedule.hours:
        return latest_slot(schedule, now) + timedelta(hours=schedule.hours)
    return min(slot for slot in _slots_around(schedule, now) if slot > now)


def due_slot(schedule: Schedule, last_end: datetime | None, now: datetime) -> datetime | None:
    """The slot a digest is due for now, or None.

    After downtime only the latest missed slot is due (one catch-up digest, covering everything
    since the last one), never one per missed slot. A slot already covered by a digest ending at
    or after it is not due again, so a double fire is harmless.
    """
    slot = latest_slot(schedule, now)
    if last_end is not None and last_end >= slot:
        return None
    return slot
