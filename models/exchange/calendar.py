"""A round's shifts as times people read: one way of writing them, for every message.

Shift `s` of a round starting at `start` covers `[start + s * shift_hours,
start + (s + 1) * shift_hours)`; times are written in UTC, the round's calendar
(`2027-10-01 08:00 UTC`). Documents keep shift numbers; only sentences use this.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def in_utc(moment: datetime) -> datetime:
    """`moment` in UTC (a naive time is taken to be UTC already, as documents write it)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def shift_start_time(start: datetime, shift_hours: int, shift: int) -> datetime:
    """When shift `shift` of a round starting at `start` begins (UTC)."""
    return in_utc(start) + timedelta(hours=shift_hours * shift)


def written_time(moment: datetime) -> str:
    """`moment` as people read it: `2027-10-01 08:00 UTC`."""
    return in_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def written_period(starts_at: datetime, ends_at: datetime) -> str:
    """A half-open period `[starts_at, ends_at)`: `2027-10-01 08:00 to 2027-10-03 16:00 UTC`,
    the end's date left out when it is the start's."""
    first, last = in_utc(starts_at), in_utc(ends_at)
    end = last.strftime("%H:%M") if first.date() == last.date() else last.strftime("%Y-%m-%d %H:%M")
    return f"{first.strftime('%Y-%m-%d %H:%M')} to {end} UTC"


def written_shifts(start: datetime, shift_hours: int, first: int, end: int) -> str:
    """Shifts `[first, end)` of a round as a period of time (see `written_period`)."""
    return written_period(
        shift_start_time(start, shift_hours, first), shift_start_time(start, shift_hours, end)
    )
