"""Two rounds in a row under standing agreements: round 1 published, an outage, a re-plan
accepted, a decline and a back-fill in it; round 2's instance then carries round 1's
ledger as its credit and history, and its country report the cumulative returns."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from api.agreements.ledger_repository import LedgerRepository
from api.auth.principal import Role
from api.jobs.runner import run_job
from tests.api import operations_world as world
from tests.api import replan_helpers as rh
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller

KZ_SHARE = {"P-1": 0.5, "P-2": 1.0, "P-3": 0.0}


def test_round_two_carries_what_round_one_really_gave(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    bookings: list[dict[str, Any]] = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    kazakh = sorted(
        (b for b in bookings if KZ_SHARE[b["proposal"]] > 0), key=lambda b: -b["length"]
    )
    hit, declined = kazakh[0], kazakh[-1]
    assert hit["id"] != declined["id"]
    starts = datetime.fromisoformat(hit["starts_at"])
    outage = runner.ok(
        "POST",
        "/rounds/R-1/outages",
        201,
        json={
            "instruments": [hit["instrument"]],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=8)).isoformat(),
            "cause": "magnet quench",
        },
    )
    lost = {item["booking"]: item["length"] for item in outage["lost"]}
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    proposer.ok("POST", f"/bookings/{declined['id']}/decline")

    world.imported_round(runner, "R-2", world.FUTURE_START.replace("2031", "2032"))
    credit = world.instance_policy(runner, "R-2", "RU-KZ")["credit"]

    def kz(booking: dict[str, Any]) -> float:
        return KZ_SHARE[booking["proposal"]]

    lost_kz = sum(kz(b) * lost.get(b["id"], 0) for b in bookings if b["id"] != declined["id"])
    received = sum(kz(b) * b["length"] for b in bookings if b["id"] != declined["id"]) - lost_kz
    assert credit == {"KZ": received, "RU": 5}
    ledger = runner.ok("GET", "/agreements/RU-KZ/ledger")
    assert [entry["round"] for entry in ledger["rounds"]] == ["R-1", "R-2"]
    first = ledger["rounds"][0]["sides"]["KZ"]
    assert first["lost"] == lost_kz
    assert first["declined"] == kz(declined) * declined["length"]
    assert first["scheduled"] == received
    assert ledger["rounds"][1]["carried_in"] == credit


RU_SHARE = {"P-1": 0.5, "P-2": 0.0, "P-3": 1.0, "P-4": 0.0, "P-5": 1.0}
KZ_OF = {"P-1": 0.5, "P-2": 1.0, "P-3": 0.0, "P-4": 1.0, "P-5": 0.0}


def _replan_accepted(api: Api, runner: Caller, body: dict[str, Any]) -> dict[str, Any]:
    job = runner.ok("POST", "/rounds/R-1/replans", 202, json={**rh.REPLAN, **body})["id"]
    assert run_job(api.database, app_settings(), job) == "succeeded"
    replan: dict[str, Any] = runner.ok("GET", f"/replans/{job}")
    runner.ok("POST", f"/replans/{job}/accept")
    return replan


def _received(api: Api) -> dict[str, float]:
    """What R-1's holding bookings give each country at IMPF, lost shifts left out."""
    with api.database.transaction() as session:
        lost = LedgerRepository(session).lost_shifts([b.id for b in rh.bookings(api.database)])
    received = {"KZ": 0.0, "RU": 0.0}
    for booking in rh.bookings(api.database):
        if booking.status not in ("awarded", "confirmed"):
            continue
        proposal = booking.request.code.split("/")[0]
        block = set(range(booking.start, booking.start + booking.length))
        shifts = len(block - lost.get(booking.id, set()))
        received["KZ"] += KZ_OF[proposal] * shifts
        received["RU"] += RU_SHARE[proposal] * shifts
    return received


def test_two_rounds_with_an_outage_a_replan_a_decline_and_a_backfill(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START, extra_proposals=world.WAITING)
    world.reciprocity(runner)
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
            "mode": "soft",
        },
    )
    world.publish(runner, "R-1")
    booked = {b["request"]: b for b in runner.ok("GET", "/rounds/R-1/bookings")["items"]}

    # An outage over shift 0 of IMPF-B: P-1/a and P-3/a lose a shift; a re-plan gives it back.
    rh.outage_over(runner, booked["P-1/a"])
    revised = _replan_accepted(api, runner, {})
    assert revised["value"]["shifts_recovered"] == 6 + 3  # both blocks back in full
    assert {a["agreement"] for a in revised["agreements"]} == {"RU-KZ", "IMPF-members"}
    held = rh.holding_blocks(api.database)
    assert sum(n for r, _, _, n in held if r == "P-1/a") == 6
    assert sum(n for r, _, _, n in held if r == "P-3/a") == 3

    # P-2/a is declined; a back-fill gives its shifts to the partial P-4 and keeps the rest.
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-2/a']['id']}/decline")
    before = rh.holding_blocks(api.database)
    backfill = _replan_accepted(api, runner, {"mode": "backfill"})
    assert (backfill["moved"], backfill["shortened"], backfill["dropped"]) == (0, 0, 0)
    after = rh.holding_blocks(api.database)
    assert before < after
    assert {r for r, *_ in after - before} == {"P-4/a"}
    assert not any(r == "P-2/a" for r, *_ in after)
    assert rh.counters_are_true(api.database)

    # Round 2 carries round 1's ledger: the reciprocity's credit, the contribution's history.
    received = _received(api)
    world.imported_round(runner, "R-2", world.FUTURE_START.replace("2031", "2032"))
    assert world.instance_policy(runner, "R-2", "RU-KZ")["credit"] == {
        "KZ": received["KZ"],
        "RU": 5,
    }
    assert world.instance_policy(runner, "R-2", "IMPF-members")["history"] == received
    first = runner.ok("GET", "/agreements/RU-KZ/ledger")["rounds"][0]
    assert first["round"] == "R-1"
    assert first["sides"]["KZ"]["lost"] == 0.5  # P-1/a's shift 0, given back elsewhere
    assert first["sides"]["KZ"]["declined"] == 5
    assert first["sides"]["KZ"]["scheduled"] == received["KZ"]

    # Its country report shows the cumulative return coefficients, history included.
    world.publish(runner, "R-2")
    report = runner.ok("GET", "/rounds/R-2/reports/countries")
    (members,) = [c for c in report["contribution"] if c["policy"] == "IMPF-members"]
    total = sum(m["time"] for m in members["members"])
    for member in members["members"]:
        assert member["return_coefficient"] == pytest.approx(
            member["time"] / total / member["share"]
        )
    assert any(
        member["return_coefficient"] != member["round_return_coefficient"]
        for member in members["members"]
    )
