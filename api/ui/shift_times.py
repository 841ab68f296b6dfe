"""The times people type in forms (UTC dates and date-times) and the shifts they mean.

The pages ask for times; the services keep shifts of the round. Each kind of time
converts in the one direction that keeps its promise to the team:

* "available from" (a release, a booking's start) is the first shift that starts at
  or after it, so no shift begins before the team is there;
* "done by" (a deadline) counts the shifts that end at or before it;
* "away from ... until ..." (unavailability) covers every shift it touches, even
  partly, exactly as an instrument's closed period closes the shifts it overlaps.

A shift's own start time converts back to that shift, so a form filled from stored
shifts and posted unchanged stores the same shifts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.rounds.calendar import closed_shift_intervals, shift_start
from models.orm import Round

INPUT_FORMAT = "%Y-%m-%dT%H:%M"
"""The value of an `<input type="datetime-local">` (minutes, no zone: the pages are UTC)."""


class TimeInputError(ValueError):
    """A typed time that cannot be read, or that lies where it means nothing."""


def parse_utc(text: str) -> datetime:
    """A typed UTC time: `2027-09-06`, `2027-09-06T08:00` or `2027-09-06 08:00`, with an
    optional `Z` or `+00:00`.

    Raises:
        TimeInputError: anything else (another zone included: the pages speak UTC).
    """
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        raise TimeInputError(
            f"{value!r} is not a date or date and time (2027-09-06 or 2027-09-06T08:00)"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    if moment.utcoffset() != timedelta(0):
        raise TimeInputError(f"{value!r}: give the time in UTC")
    return moment.astimezone(UTC)


def input_value(round_: Round, shift: int) -> str:
    """The form value naming the start of shift `shift` of the round."""
    return utc_input(shift_start(round_, shift))


def utc_input(moment: datetime) -> str:
    """The form value of a stored time (naive values, as SQLite returns them, are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime(INPUT_FORMAT)


def _hours(round_: Round) -> timedelta:
    return timedelta(hours=round_.shift_hours)


def _start(round_: Round) -> datetime:
    start = round_.start
    return start if start.tzinfo else start.replace(tzinfo=UTC)


def first_shift_from(round_: Round, moment: datetime) -> int:
    """The first shift starting at or after `moment` (0 before the round).

    Raises:
        TimeInputError: `moment` is at or after the round's end.
    """
    elapsed = moment - _start(round_)
    shift = max(0, -(-elapsed // _hours(round_)))  # ceiling
    if shift >= round_.n_shifts:
        raise TimeInputError(f"{utc_input(moment)} is at or after the round's end")
    return int(shift)


def shifts_ending_by(round_: Round, moment: datetime) -> int:
    """How many shifts of the round end at or before `moment` (`n_shifts` after the round).

    Raises:
        TimeInputError: `moment` is before the end of the round's first shift.
    """
    shifts = min(round_.n_shifts, (moment - _start(round_)) // _hours(round_))
    if shifts < 1:
        raise TimeInputError(f"{utc_input(moment)} is before the round's first shift ends")
    return int(shifts)


def shifts_touched(round_: Round, starts_at: datetime, ends_at: datetime) -> tuple[int, int]:
    """The shifts `[start, end)` that the period `[starts_at, ends_at)` touches.

    Raises:
        TimeInputError: the period ends before it starts, or misses the round.
    """
    if ends_at <= starts_at:
        raise TimeInputError(f"{utc_input(ends_at)} is not after {utc_input(starts_at)}")
    touched = closed_shift_intervals([(starts_at, ends_at)], round_)
    if not touched:
        raise TimeInputError(f"{utc_input(starts_at)} to {utc_input(ends_at)} is outside the round")
    return touched[0]
