"""Converting between times and the shifts of a round: the one home of that conversion.

Shift `s` of a round covers `[start + s * shift_hours, start + (s + 1) * shift_hours)`.
Times are taken in UTC, the round's calendar; a date alone means its midnight UTC.
Which shift a time becomes depends on what it bounds:

* a period that closes or blocks time (a closed period, an outage, a team's
  unavailability) takes every shift it overlaps, even partly (`touched_shifts`);
* a window's first usable shift is the first that starts at or after its release
  (`first_shift_from`), and its end is the first shift that does not end by its
  deadline (`end_shift_by`), so the window never holds time outside the dates given.

The proposal forms and the API's date fields (`release`, `deadline`, `unavailable`)
convert here; sentences write shifts as times with `models.exchange.calendar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from models.exchange.calendar import written_period, written_shifts, written_time
from models.orm import Round

__all__ = [
    "closed_shift_intervals",
    "end_shift_by",
    "first_shift_from",
    "moment_of",
    "round_end",
    "shift_start",
    "shifts_to_period",
    "touched_shifts",
    "written_period",
    "written_round_shifts",
    "written_time",
]


def shift_start(round_: Round, shift: int) -> datetime:
    """When shift `shift` of the round starts (UTC)."""
    return round_.start + timedelta(hours=round_.shift_hours * shift)


def round_end(round_: Round) -> datetime:
    """When the round's last shift ends (UTC)."""
    return shift_start(round_, round_.n_shifts)


def moment_of(value: date | datetime) -> datetime:
    """`value` as a UTC time (a date alone: its midnight UTC; a time needs a timezone).

    Raises:
        ValueError: a time without a timezone.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a time needs a timezone, e.g. 2027-10-01T08:00:00Z")
        return value.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=UTC)


def _hours(round_: Round) -> timedelta:
    return timedelta(hours=round_.shift_hours)


def first_shift_from(round_: Round, moment: datetime) -> int:
    """The first shift starting at or after `moment`, between 0 and `n_shifts`."""
    offset = -((round_.start - moment) // _hours(round_))  # ceiling
    return int(min(round_.n_shifts, max(0, offset)))


def end_shift_by(round_: Round, moment: datetime) -> int:
    """The end (exclusive) of the shifts that are over by `moment`, between 0 and `n_shifts`."""
    offset = (moment - round_.start) // _hours(round_)  # floor
    return int(min(round_.n_shifts, max(0, offset)))


def touched_shifts(round_: Round, starts_at: datetime, ends_at: datetime) -> tuple[int, int]:
    """The round's shifts `[first, end)` that `[starts_at, ends_at)` overlaps, even partly
    (empty, `first == end`, when it lies outside the round)."""
    first = end_shift_by(round_, starts_at)
    end = first_shift_from(round_, ends_at)
    return first, max(first, end)


def closed_shift_intervals(
    periods: Iterable[tuple[datetime, datetime]], round_: Round
) -> list[tuple[int, int]]:
    """The round's shifts touched by closed periods, as merged half-open intervals."""
    intervals = [touched_shifts(round_, starts_at, ends_at) for starts_at, ends_at in periods]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(interval for interval in intervals if interval[0] < interval[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shifts_to_period(round_: Round, start: int, end: int) -> tuple[datetime, datetime]:
    """The times of shifts `[start, end)` of the round."""
    return shift_start(round_, start), shift_start(round_, end)


def written_round_shifts(round_: Round, start: int, end: int) -> str:
    """Shifts `[start, end)` of the round as people read them (`2027-10-01 08:00 to
    2027-10-03 16:00 UTC`)."""
    return written_shifts(round_.start, round_.shift_hours, start, end)
