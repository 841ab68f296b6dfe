"""A request's `release`, `deadline` and unavailability may be dates and times: the round's
calendar (`api.rounds.calendar`) turns them into shifts, which the request keeps.

The round starts 2027-02-01 08:00 UTC with shifts of 8 hours: shift 2 starts
2027-02-02 00:00, shift 5 at 2027-02-03 00:00, shift 29 at 2027-02-11 00:00; the 30
shifts end 2027-02-11 08:00.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, Caller, problem


def _proposer(api: Api) -> Caller:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"], n_shifts=30, state="open")
    return api.caller(Role.PROPOSER, group="g1")


def _submitted(proposer: Caller, **request: Any) -> dict[str, Any]:
    created = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"], **request))
    stored: dict[str, Any] = created["requests"][0]
    return stored


def _refused(proposer: Caller, **request: Any) -> dict[str, str]:
    body = factories.proposal_body(["FA-1"], **request)
    refused = problem(proposer.post("/rounds/R1/proposals", json=body), 422)
    return {error["path"]: error["message"] for error in refused["errors"]}


def test_a_release_date_starts_the_window_at_the_first_shift_from_its_midnight(api: Api) -> None:
    assert _submitted(_proposer(api), release="2027-02-02")["release"] == 2


def test_a_release_time_inside_a_shift_leaves_that_shift_out(api: Api) -> None:
    assert _submitted(_proposer(api), release="2027-02-01T09:00:00Z")["release"] == 1


def test_a_time_with_an_offset_is_taken_at_its_utc_instant(api: Api) -> None:
    # 03:00 at +03:00 is midnight UTC: shift 2, as the date alone.
    assert _submitted(_proposer(api), release="2027-02-02T03:00:00+03:00")["release"] == 2


def test_a_deadline_ends_the_window_with_the_last_shift_over_by_then(api: Api) -> None:
    # 2027-02-05 12:00 is 100 hours in: shifts 0-11 are over by then, shift 12 is not.
    assert _submitted(_proposer(api), deadline="2027-02-05T12:00:00Z")["deadline"] == 12


def test_an_unavailable_period_blocks_every_shift_it_touches(api: Api) -> None:
    stored = _submitted(_proposer(api), unavailable=[["2027-02-03", "2027-02-03T12:00:00Z"]])
    assert stored["unavailable"] == [[5, 7]]


def test_shift_numbers_and_dates_mix_across_fields(api: Api) -> None:
    stored = _submitted(_proposer(api), release=3, deadline="2027-02-11", unavailable=[[20, 22]])
    assert (stored["release"], stored["deadline"], stored["unavailable"]) == (3, 29, [[20, 22]])


def test_a_date_outside_the_round_is_refused_with_its_path(api: Api) -> None:
    errors = _refused(_proposer(api), release="2026-12-31")
    assert "outside the round" in errors["body.requests[0].release"]
    assert "2027-02-01 08:00 UTC" in errors["body.requests[0].release"]


def test_an_unavailable_end_outside_the_round_is_refused_with_its_path(api: Api) -> None:
    errors = _refused(_proposer(api), unavailable=[["2027-02-03", "2027-03-01"]])
    assert "body.requests[0].unavailable[0][1]" in errors


def test_an_unavailable_period_that_ends_before_it_starts_is_refused(api: Api) -> None:
    errors = _refused(_proposer(api), unavailable=[["2027-02-04", "2027-02-03"]])
    assert errors["body.requests[0].unavailable[0]"] == "must end after it starts"


def test_a_period_of_a_shift_and_a_date_is_refused(api: Api) -> None:
    errors = _refused(_proposer(api), unavailable=[[3, "2027-02-03"]])
    assert "both" in errors["body.requests[0].unavailable[0]"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2027-02-02T08:00:00", "timezone"),
        ("2027-13-01", "not a date"),
        ("next tuesday", "not a date-time"),
        ("5", "not a date-time"),
        (True, "shift number"),
        (2.5, "shift number"),
        (-1, "between 0 and 100000"),
    ],
)
def test_a_release_that_is_no_shift_date_or_time_is_refused(
    api: Api, value: object, says: str
) -> None:
    errors = _refused(_proposer(api), release=value)
    assert says in errors["body.requests[0].release"]
