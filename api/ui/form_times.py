"""The times people type in forms (UTC dates and date-times), read and checked.

This module only reads what a form holds and writes stored values back into form
fields; which shifts a time means is the calendar's arithmetic (`api.rounds.calendar`),
applied in the direction that keeps the promise to the team:

* "available from" (a release, a booking's start) is the first shift that starts at
  or after it, so no shift begins before the team is there (`start_shift`);
* "done by" (a deadline) counts the shifts that end at or before it (`deadline_shift`);
* "away from ... until ..." (unavailability) covers every shift it touches, even
  partly, exactly as an instrument's closed period closes the shifts it overlaps
  (`period_shifts`).

A typed time that lands where it means nothing (after the round, before its first shift
ends, a period outside it) is a `TimeInputError` naming the time, for the field that
holds it. A shift's own start time converts back to that shift, so a form filled from
stored shifts and posted unchanged stores the same shifts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.rounds.calendar import end_shift_by, first_shift_from, shift_start, touched_shifts
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
    """The form value of a stored time (naive values are taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime(INPUT_FORMAT)


def start_shift(round_: Round, text: str) -> int:
    """The first shift starting at or after the typed time (0 before the round).

    Raises:
        TimeInputError: the time cannot be read, or is at or after the round's end.
    """
    moment = parse_utc(text)
    shift = first_shift_from(round_, moment)
    if shift >= round_.n_shifts:
        raise TimeInputError(f"{utc_input(moment)} is at or after the round's end")
    return shift


def deadline_shift(round_: Round, text: str) -> int:
    """How many shifts of the round end at or before the typed time (`n_shifts` after
    the round).

    Raises:
        TimeInputError: the time cannot be read, or is before the round's first shift ends.
    """
    moment = parse_utc(text)
    shifts = end_shift_by(round_, moment)
    if shifts < 1:
        raise TimeInputError(f"{utc_input(moment)} is before the round's first shift ends")
    return shifts


def period_shifts(round_: Round, from_text: str, until_text: str) -> tuple[int, int]:
    """The shifts `[start, end)` that the typed period `[from, until)` touches.

    Raises:
        TimeInputError: a time cannot be read, or the period ends before it starts, or
            misses the round.
    """
    starts_at, ends_at = parse_utc(from_text), parse_utc(until_text)
    if ends_at <= starts_at:
        raise TimeInputError(f"{utc_input(ends_at)} is not after {utc_input(starts_at)}")
    first, end = touched_shifts(round_, starts_at, ends_at)
    if first == end:
        raise TimeInputError(f"{utc_input(starts_at)} to {utc_input(ends_at)} is outside the round")
    return first, end
