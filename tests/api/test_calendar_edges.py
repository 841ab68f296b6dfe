"""Times at the edge of the calendar: a time with no UTC equivalent between years 1 and 9999
is refused with a 422 naming the field, never stored or failed on with a 500."""

from __future__ import annotations

import json

import pytest

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, problem

BEFORE_YEAR_ONE_IN_UTC = "0001-01-01T00:30:00+01:00"
AFTER_YEAR_9999_IN_UTC = "9999-12-31T23:30:00-01:00"


@pytest.mark.parametrize(
    ("field", "starts_at", "ends_at"),
    [
        ("body.starts_at", BEFORE_YEAR_ONE_IN_UTC, "2027-01-01T00:00:00Z"),
        ("body.ends_at", "2027-01-01T00:00:00Z", AFTER_YEAR_9999_IN_UTC),
    ],
)
def test_closed_periods_outside_the_utc_calendar_are_refused(
    api: Api, field: str, starts_at: str, ends_at: str
) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    refused = problem(
        admin.post(
            "/instruments/FA-1/closed-periods", json={"starts_at": starts_at, "ends_at": ends_at}
        ),
        422,
    )
    assert field in {error["path"] for error in refused["errors"]}


def test_closed_periods_at_the_edge_of_the_utc_calendar_are_kept(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    admin.ok(
        "POST",
        "/instruments/FA-1/closed-periods",
        201,
        json={"starts_at": "0001-01-01T00:30:00Z", "ends_at": "9999-12-31T22:30:00-01:00"},
    )


def test_an_imported_round_starting_before_year_one_in_utc_is_refused(api: Api) -> None:
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    document = factories.instance_document("EDGE-1")
    document["round"]["start"] = BEFORE_YEAR_ONE_IN_UTC
    refused = problem(
        coordinator.post("/rounds/import", params={"group": "g1"}, content=json.dumps(document)),
        422,
    )
    assert "round.start" in {error["path"] for error in refused["errors"]}
