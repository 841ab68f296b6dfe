"""Typed times of the forms become the round's shifts in the direction that keeps the
promise to the team, and a time that means nothing in the round is refused with the time
named (`api.ui.form_times` reads, `api.rounds.calendar` converts)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api.ui.form_times import (
    TimeInputError,
    deadline_shift,
    input_value,
    parse_utc,
    period_shifts,
    start_shift,
)
from models.orm import Round

# Shifts of 8 h from Mon 6 Sep 2027 08:00 UTC: shift 1 starts at 16:00, shift 2 at 00:00.
ROUND = Round(code="R", start=datetime(2027, 9, 6, 8, tzinfo=UTC), shift_hours=8, n_shifts=9)


def test_a_typed_time_is_utc_with_or_without_a_zone() -> None:
    assert parse_utc("2027-09-06") == datetime(2027, 9, 6, tzinfo=UTC)
    assert parse_utc("2027-09-06 08:00") == parse_utc("2027-09-06T08:00Z")
    with pytest.raises(TimeInputError, match="give the time in UTC"):
        parse_utc("2027-09-06T08:00+02:00")
    with pytest.raises(TimeInputError, match="'soon' is not a date"):
        parse_utc("soon")


def test_available_from_is_the_first_shift_starting_at_or_after_it() -> None:
    assert start_shift(ROUND, "2027-09-06T08:00") == 0
    assert start_shift(ROUND, "2027-09-06T08:01") == 1
    assert start_shift(ROUND, "2027-09-01") == 0
    with pytest.raises(TimeInputError, match="2027-09-09T08:00 is at or after the round's end"):
        start_shift(ROUND, "2027-09-09T08:00")


def test_done_by_counts_the_shifts_that_end_by_it() -> None:
    assert deadline_shift(ROUND, "2027-09-07T07:59") == 2
    assert deadline_shift(ROUND, "2027-09-07T08:00") == 3
    assert deadline_shift(ROUND, "2027-12-01") == ROUND.n_shifts
    with pytest.raises(TimeInputError, match="before the round's first shift ends"):
        deadline_shift(ROUND, "2027-09-06T15:00")


def test_a_period_covers_every_shift_it_touches() -> None:
    assert period_shifts(ROUND, "2027-09-06T10:00", "2027-09-06T17:00") == (0, 2)
    with pytest.raises(TimeInputError, match="is not after"):
        period_shifts(ROUND, "2027-09-07T08:00", "2027-09-07T08:00")
    with pytest.raises(TimeInputError, match="is outside the round"):
        period_shifts(ROUND, "2027-10-01", "2027-10-02")


def test_a_shifts_start_reads_back_as_that_shift() -> None:
    for shift in range(ROUND.n_shifts):
        assert start_shift(ROUND, input_value(ROUND, shift)) == shift
