"""Digest slots with an injected clock: DST changes, catch-up after downtime, double fires."""

from datetime import UTC, date, datetime, timedelta

import pytest

from monitor.daemon.scheduler import SlotTrigger
from monitor.digest.schedule import (
    due_slot,
    latest_slot,
    local_slot,
    next_slot,
    parse_schedule,
    parse_timezone,
)


def schedule(spec: str, zone: str = "UTC"):
    return parse_schedule(spec, parse_timezone(zone))


def walk(spec: str, zone: str, start: datetime, days: int, step=timedelta(minutes=10)):
    """Tick a clock every ``step`` like a daemon would; return the slots a digest was made for."""
    sched = schedule(spec, zone)
    made, last_end, now = [], None, start
    while now < start + timedelta(days=days):
        slot = due_slot(sched, last_end, now)
        if slot is not None:
            made.append(slot)
            last_end = slot
        now += step
    return sched, made


@pytest.mark.parametrize(
    ("zone", "spec", "start"),
    [
        ("Europe/London", "daily 01:30", datetime(2026, 3, 26, tzinfo=UTC)),  # 29 Mar: no 01:30
        ("Europe/London", "daily 01:30", datetime(2026, 10, 22, tzinfo=UTC)),  # 25 Oct: two
        ("America/New_York", "daily 02:30", datetime(2026, 3, 5, tzinfo=UTC)),  # 8 Mar: no 02:30
        ("America/New_York", "daily 01:15", datetime(2026, 10, 29, tzinfo=UTC)),  # 1 Nov: two
        ("Asia/Tashkent", "daily 07:00", datetime(2026, 11, 20, tzinfo=UTC)),
    ],
)
def test_one_digest_per_local_day_across_dst(zone, spec, start):
    sched, made = walk(spec, zone, start, days=7)
    local_days = [slot.astimezone(sched.tz).date() for slot in made]
    assert len(local_days) == len(set(local_days)), "two digests for one local day"
    first = local_days[0]
    assert local_days == [first + timedelta(days=i) for i in range(len(local_days))], "a day lost"
    assert len(local_days) >= 7
    wanted = spec.split()[1]
    for slot in made:
        local = slot.astimezone(sched.tz)
        # the wall time asked for, or one hour later on the day that time does not exist
        assert f"{local:%H:%M}" in {wanted, f"{int(wanted[:2]) + 1:02d}{wanted[2:]}"}


def test_skipped_and_repeated_local_times_resolve_to_one_moment():
    london = schedule("daily 01:30", "Europe/London")
    assert local_slot(london, date(2026, 3, 29)) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert local_slot(london, date(2026, 3, 30)) == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)
    # 01:30 happens twice on 25 Oct (BST, then GMT): the first one counts
    assert local_slot(london, date(2026, 10, 25)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_catch_up_after_downtime_is_one_digest_for_the_latest_missed_slot():
    sched = schedule("daily 07:00", "Asia/Tashkent")  # 07:00 in Tashkent is 02:00 UTC
    last_end = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday's digest, then down until Thu
    restart = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    slot = due_slot(sched, last_end, restart)
    assert slot == datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    assert due_slot(sched, slot, restart) is None  # made: not due again that day
    assert due_slot(sched, slot, restart + timedelta(hours=15)) is None
    assert due_slot(sched, slot, datetime(2026, 11, 27, 2, 0, tzinfo=UTC)) is not None


def test_a_one_shot_digest_after_the_slot_covers_it():
    sched = schedule("daily 07:00")
    one_shot_end = datetime(2026, 11, 26, 9, 12, tzinfo=UTC)
    assert due_slot(sched, one_shot_end, datetime(2026, 11, 26, 12, 0, tzinfo=UTC)) is None


def test_weekly_slots_are_a_local_week_apart_across_dst():
    sched = schedule("weekly mon 07:00", "America/New_York")
    moment = datetime(2026, 10, 20, tzinfo=UTC)
    slots = []
    for _ in range(4):
        moment = next_slot(sched, moment)
        slots.append(moment)
    local = [slot.astimezone(sched.tz) for slot in slots]
    assert all(day.weekday() == 0 and f"{day:%H:%M}" == "07:00" for day in local)
    assert [b.date() - a.date() for a, b in zip(local, local[1:], strict=False)] == [
        timedelta(days=7)
    ] * 3
    assert slots[1] - slots[0] == timedelta(days=7, hours=1)  # 26 Oct -> 2 Nov: clocks go back


def test_every_n_hours_is_anchored_to_utc():
    sched = schedule("every 6h", "Asia/Tashkent")
    now = datetime(2026, 11, 29, 7, 21, tzinfo=UTC)
    assert latest_slot(sched, now) == datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
    assert next_slot(sched, now) == datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "bad", ["daily", "daily 25:00", "daily 7", "weekly funday 07:00", "every 0h", "hourly"]
)
def test_bad_schedules_are_refused(bad):
    with pytest.raises(ValueError, match="schedule|time of day"):
        parse_schedule(bad, parse_timezone("UTC"))


def test_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        parse_timezone("Mars/Olympus_Mons")


def test_scheduler_trigger_fires_once_per_local_day_across_dst():
    sched = schedule("daily 01:30", "Europe/London")
    trigger = SlotTrigger(sched)
    fire = trigger.get_next_fire_time(None, datetime(2026, 3, 27, 12, tzinfo=UTC))
    fires = []
    for _ in range(5):
        fires.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    days = [f.astimezone(sched.tz).date() for f in fires]
    assert days == [date(2026, 3, 28) + timedelta(days=i) for i in range(5)]


def test_scheduler_trigger_fires_at_the_slots_of_every_schedule_once_each():
    digest = schedule("daily 07:00", "Asia/Tashkent")  # 02:00 UTC
    readers = (schedule("every 6h", "UTC"), schedule("daily 12:00", "UTC"))
    trigger = SlotTrigger(digest, *readers)
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 29, 1, tzinfo=UTC))
    fires = []
    while fire < datetime(2026, 11, 30, 1, tzinfo=UTC):
        fires.append(f"{fire:%H:%M}")
        fire = trigger.get_next_fire_time(fire, fire)
    assert fires == ["02:00", "06:00", "12:00", "18:00", "00:00"]  # 12:00 is two slots, once
    described = "daily 07:00 Asia/Tashkent; readers' own: every 6h, daily 12:00 UTC"
    assert str(trigger) == f"slots[{described}]"
