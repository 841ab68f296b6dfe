"""The ledger: each side's time per round, from the bookings, and what a new round carries
in from it (reciprocity `credit`, contribution `history`)."""

from __future__ import annotations

from typing import Any

from api.auth.principal import Role
from tests.api import operations_world as world
from tests.api.helpers import Api

KZ_SHARE = {"P-1": 0.5, "P-2": 1.0, "P-3": 0.0}
"""Kazakhstan's share of each proposal of the small instance."""


def _kz_time(bookings: list[dict[str, Any]]) -> float:
    return sum(KZ_SHARE[b["proposal"]] * b["length"] for b in bookings)


def _bookings(runner: Any, round_code: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = runner.ok("GET", f"/rounds/{round_code}/bookings")["items"]
    return items


def test_a_past_rounds_bookings_are_delivered_to_the_side_that_used_them(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.PAST_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    expected = _kz_time(_bookings(runner, "R-1"))
    assert expected > 0
    ledger = runner.ok("GET", "/agreements/RU-KZ/ledger")
    [entry] = ledger["rounds"]
    assert entry["round"] == "R-1"
    assert entry["sides"]["KZ"] == {
        "delivered": expected,
        "lost": 0,
        "scheduled": 0,
        "declined": 0,
        "cancelled": 0,
    }
    assert sum(entry["sides"]["RU"].values()) == 0  # IMPF is Russian: no time for RU there
    assert entry["carried_in"] == {"RU": 5}
    assert entry["balance"] == round(expected - 5, 4)


def test_a_future_rounds_bookings_are_scheduled(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    side = runner.ok("GET", "/agreements/RU-KZ/ledger")["rounds"][0]["sides"]["KZ"]
    assert side["delivered"] == 0
    assert side["scheduled"] == _kz_time(_bookings(runner, "R-1"))


def test_a_declined_booking_counts_as_declined_not_received(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    bookings = _bookings(runner, "R-1")
    declined = next(b for b in bookings if b["proposal"] == "P-2")
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    proposer.ok("POST", f"/bookings/{declined['id']}/decline")
    side = runner.ok("GET", "/agreements/RU-KZ/ledger")["rounds"][0]["sides"]["KZ"]
    assert side["declined"] == declined["length"]
    assert side["scheduled"] == _kz_time(bookings) - declined["length"]


def test_a_new_round_carries_in_what_earlier_rounds_gave(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.PAST_START)
    world.imported_round(runner, "R-2", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    received_in_round_1 = _kz_time(_bookings(runner, "R-1"))
    policy = world.instance_policy(runner, "R-2", "RU-KZ")
    assert policy["credit"] == {"KZ": received_in_round_1, "RU": 5}
    ledger = runner.ok("GET", "/agreements/RU-KZ/ledger")
    assert [entry["round"] for entry in ledger["rounds"]] == ["R-1", "R-2"]
    assert ledger["rounds"][1]["carried_in"] == policy["credit"]


def test_a_contribution_history_carries_each_countrys_time(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.PAST_START)
    world.imported_round(runner, "R-2", world.FUTURE_START)
    runner.ok(
        "POST",
        "/agreements",
        201,
        json={
            "type": "contribution_share",
            "code": "IMPF-members",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["IMPF"],
            "shares": {"RU": 0.5, "KZ": 0.5},
            "history": {"KZ": 10},
            "mode": "soft",
        },
    )
    world.publish(runner, "R-1")
    bookings = _bookings(runner, "R-1")
    ru_time = sum((1 - KZ_SHARE[b["proposal"]]) * b["length"] for b in bookings)
    history = world.instance_policy(runner, "R-2", "IMPF-members")["history"]
    assert history == {"KZ": 10 + _kz_time(bookings), "RU": ru_time}
