"""Outages on a published round: the bookings hit are marked with their lost shifts (never
left silently overlapping closed time), their groups see it, and the ledger counts it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.auth.principal import Role
from tests.api import operations_world as world
from tests.api.helpers import Api, Caller, problem


def _published(api: Api) -> tuple[Caller, list[dict[str, Any]]]:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    bookings: list[dict[str, Any]] = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    return runner, bookings


def _at(moment: str, hours: int = 0) -> str:
    parsed = datetime.fromisoformat(moment) + timedelta(hours=hours)
    return parsed.isoformat().replace("+00:00", "Z")


def _outage_over(runner: Caller, booking: dict[str, Any], hours: int) -> Any:
    """An outage from the booking's start for `hours` hours on its instrument."""
    return runner.post(
        "/rounds/R-1/outages",
        json={
            "instruments": [booking["instrument"]],
            "starts_at": booking["starts_at"],
            "ends_at": _at(booking["starts_at"], hours),
            "cause": "RF fault",
        },
    )


def test_an_outage_marks_the_shifts_each_booking_hit_loses(api: Api) -> None:
    runner, bookings = _published(api)
    booking = max(bookings, key=lambda b: b["length"])
    response = _outage_over(runner, booking, 12)  # a shift and a half: two shifts touched
    assert response.status_code == 201, response.text
    lost = [item for item in response.json()["lost"] if item["booking"] == booking["id"]]
    assert [(item["start"], item["length"]) for item in lost] == [
        (booking["start"], min(2, booking["length"]))
    ]
    assert lost[0]["cause"] == "RF fault"


def test_the_outage_closes_its_instruments_in_the_rounds_instance(api: Api) -> None:
    runner, bookings = _published(api)
    booking = bookings[0]
    _outage_over(runner, booking, 8)
    document = runner.ok("GET", "/rounds/R-1/instance.json")
    closed = {item["id"]: item.get("closed", []) for item in document["instruments"]}
    start = booking["start"]
    assert any(a <= start < b for a, b in closed[booking["instrument"]])


def test_a_group_sees_its_own_lost_shifts_only(api: Api) -> None:
    runner, bookings = _published(api)
    _outage_over(runner, bookings[0], 8)
    own = api.caller(Role.PROPOSER, group=world.GROUP).ok("GET", "/rounds/R-1/lost-shifts")
    assert bookings[0]["id"] in [item["booking"] for item in own]
    assert {item["group"] for item in own} == {world.GROUP}
    api.caller(Role.ADMIN).ok("POST", "/groups", 201, json={"code": "g2", "name": "g2"})
    other = api.caller(Role.PROPOSER, group="g2")
    assert other.ok("GET", "/rounds/R-1/lost-shifts") == []


def test_a_second_outage_over_lost_shifts_loses_nothing_more(api: Api) -> None:
    runner, bookings = _published(api)
    _outage_over(runner, bookings[0], 8)
    again = _outage_over(runner, bookings[0], 8)
    assert again.status_code == 201
    assert [item for item in again.json()["lost"] if item["booking"] == bookings[0]["id"]] == []
    assert len(runner.ok("GET", "/rounds/R-1/outages")) == 2


def test_the_ledger_counts_lost_time(api: Api) -> None:
    runner, bookings = _published(api)
    booking = next(b for b in bookings if b["proposal"] == "P-2")  # Kazakhstan's alone
    _outage_over(runner, booking, 8)
    side = runner.ok("GET", "/agreements/RU-KZ/ledger")["rounds"][0]["sides"]["KZ"]
    assert side["lost"] == 1
    assert side["lost"] + side["scheduled"] == sum(
        {"P-1": 0.5, "P-2": 1.0, "P-3": 0.0}[b["proposal"]] * b["length"] for b in bookings
    )


def test_a_closed_period_added_over_bookings_marks_them_too(api: Api) -> None:
    runner, bookings = _published(api)
    booking = bookings[0]
    runner.ok(
        "POST",
        f"/instruments/{booking['instrument']}/closed-periods",
        201,
        json={
            "starts_at": booking["starts_at"],
            "ends_at": _at(booking["starts_at"], 8),
            "reason": "shielding works",
        },
    )
    [lost] = runner.ok("GET", "/rounds/R-1/lost-shifts")
    assert (lost["booking"], lost["start"], lost["length"]) == (booking["id"], booking["start"], 1)
    assert lost["cause"] == "shielding works"
    assert lost["outage"] is None


def test_an_outage_needs_a_published_round(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    response = runner.post(
        "/rounds/R-1/outages",
        json={
            "instruments": ["IMPF-A"],
            "starts_at": world.FUTURE_START,
            "ends_at": _at(world.FUTURE_START, 8),
            "cause": "RF fault",
        },
    )
    problem(response, 409)


def test_an_outage_on_another_instrument_or_backwards_is_refused_with_paths(api: Api) -> None:
    runner, _ = _published(api)
    response = runner.post(
        "/rounds/R-1/outages",
        json={
            "instruments": ["IMPF-A", "ELSEWHERE"],
            "starts_at": _at(world.FUTURE_START, 8),
            "ends_at": world.FUTURE_START,
            "cause": "RF fault",
        },
    )
    paths = {error["path"] for error in problem(response, 422)["errors"]}
    assert paths == {"body.ends_at", "body.instruments[1]"}


def test_proposers_cannot_record_outages(api: Api) -> None:
    _published(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    response = proposer.post(
        "/rounds/R-1/outages",
        json={
            "instruments": ["IMPF-A"],
            "starts_at": world.FUTURE_START,
            "ends_at": _at(world.FUTURE_START, 8),
            "cause": "RF fault",
        },
    )
    problem(response, 403)
