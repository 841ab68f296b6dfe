"""Capacity across rounds: an instrument's places are counted over every round that books
it, so a main round and a rapid-access round over the same weeks never overfill it, and a
round's instance closes what the other rounds have booked."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.jobs.runner import run_job
from api.replans.instance import build_replan
from models.exchange import Instance, parse_instance
from models.orm import Round, SolveJob, utc_now
from scheduler.checking import check_solution
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api import factories
from tests.api import operations_world as world
from tests.api.conftest import app_settings
from tests.api.counters import expected_counters, held_counters
from tests.api.helpers import Api, Caller, problem

MAIN, RAPID = "MAIN-1", "RAPID-1"
MAIN_START = world.FUTURE_START  # 2031-02-03 08:00
RAPID_START = "2031-02-04T00:00:00Z"
"""Two shifts of 8 hours after the main round: shift s of the main round is s - 2 here."""
OFFSET = 2
TWELVE = "TWELVE-1"
"""A round on another grid: 12-hour shifts, starting 4 hours into a main round's shift."""


def _two_rounds(api: Api) -> Caller:
    coordinator = world.coordinator(api)
    world.imported_round(coordinator, MAIN, MAIN_START)
    world.imported_round(coordinator, RAPID, RAPID_START)
    return coordinator


def _bookings(runner: Caller, round_code: str) -> list[dict[str, Any]]:
    page = runner.ok("GET", f"/rounds/{round_code}/bookings", params={"limit": 500})
    items: list[dict[str, Any]] = page["items"]
    return items


def _closed(runner: Caller, round_code: str) -> dict[str, set[int]]:
    document = runner.ok("GET", f"/rounds/{round_code}/instance.json")
    return {
        instrument["id"]: {s for start, end in instrument["closed"] for s in range(start, end)}
        for instrument in document["instruments"]
    }


def _book(runner: Caller, round_code: str, instrument: str, start: int) -> httpx.Response:
    return runner.post(
        f"/rounds/{round_code}/bookings",
        json={
            "request": "P-3/a",
            "instrument": instrument,
            "start": start,
            "length": 1,
            "override": "a test of capacity across rounds",
        },
    )


def test_a_rounds_instance_closes_the_shifts_other_rounds_have_booked(api: Api) -> None:
    coordinator = _two_rounds(api)
    before = _closed(coordinator, RAPID)
    world.publish(coordinator, MAIN)

    after = _closed(coordinator, RAPID)
    booked: dict[str, set[int]] = {}
    for booking in _bookings(coordinator, MAIN):
        shifts = range(booking["start"] - OFFSET, booking["start"] + booking["length"] - OFFSET)
        booked.setdefault(booking["instrument"], set()).update(s for s in shifts if s >= 0)
    assert any(booked.values())
    assert after == {code: before[code] | booked.get(code, set()) for code in before}


def _booked_by(runner: Caller, round_code: str, offset: int) -> dict[str, set[int]]:
    """Each instrument's shifts held by a round's bookings, as shifts of a round that
    starts `offset` shifts after it."""
    booked: dict[str, set[int]] = {}
    for b in _bookings(runner, round_code):
        shifts = range(b["start"] - offset, b["start"] + b["length"] - offset)
        booked.setdefault(b["instrument"], set()).update(s for s in shifts if s >= 0)
    return booked


def test_the_solve_snapshot_and_the_replan_instance_close_the_other_rounds_bookings(
    api: Api,
) -> None:
    coordinator = _two_rounds(api)
    world.publish(coordinator, MAIN)
    job = coordinator.ok("POST", f"/rounds/{RAPID}/solve", 202, json={"method": "greedy"})
    assert run_job(api.database, app_settings(), job["id"]) == "succeeded"
    with api.database.transaction() as session:
        snapshot = session.get(SolveJob, job["id"])
        assert snapshot is not None
        assert snapshot.instance_json is not None
        solved = parse_instance(snapshot.instance_json)
    world.publish(coordinator, RAPID)

    with api.database.transaction() as session:
        main = session.scalars(
            select(Round).options(selectinload(Round.facilities)).where(Round.code == MAIN)
        ).one()
        replan = build_replan(session, main, 0, utc_now(), 1.0)

    def closed(instance: Instance) -> dict[str, set[int]]:
        return {
            i.id: {s for start, end in i.closed for s in range(start, end)}
            for i in instance.instruments
        }

    assert any(_booked_by(coordinator, MAIN, OFFSET).values())
    assert any(_booked_by(coordinator, RAPID, -OFFSET).values())
    for code, shifts in _booked_by(coordinator, MAIN, OFFSET).items():
        assert shifts <= closed(solved)[code]
    for code, shifts in _booked_by(coordinator, RAPID, -OFFSET).items():
        assert {s for s in shifts if s < 20} <= closed(replan)[code]


def test_a_round_solved_after_another_was_published_can_be_published_beside_it(
    api: Api,
) -> None:
    coordinator = _two_rounds(api)
    world.publish(coordinator, MAIN)

    instance = parse_instance(coordinator.get(f"/rounds/{RAPID}/instance.json").content)
    solution = solve(instance, SolveParams(method="greedy"))
    assert check_solution(instance, solution).valid
    world.publish(coordinator, RAPID)  # its claims fit beside the main round's

    assert coordinator.ok("GET", f"/rounds/{RAPID}")["state"] == "published"
    with api.database.transaction() as session:
        assert held_counters(session) == expected_counters(session)


def _free_shifts(runner: Caller, instrument: str) -> list[int]:
    """Shifts of the rapid round on which neither round holds or closes `instrument`."""
    taken = {code: _closed(runner, code)[instrument] for code in (MAIN, RAPID)}
    for code in (MAIN, RAPID):
        for b in _bookings(runner, code):
            if b["instrument"] == instrument:
                taken[code].update(range(b["start"], b["start"] + b["length"]))
    free = [
        s for s in range(20 - OFFSET) if s not in taken[RAPID] and s + OFFSET not in taken[MAIN]
    ]
    assert free, f"the fixture left no shift of {instrument} free in both rounds"
    return free


def _published_pair(api: Api) -> Caller:
    coordinator = _two_rounds(api)
    world.publish(coordinator, MAIN)
    world.publish(coordinator, RAPID)
    return coordinator


def test_booking_in_one_round_takes_the_place_from_the_other(api: Api) -> None:
    coordinator = _published_pair(api)
    shift = _free_shifts(coordinator, "IMPF-A")[0]

    assert _book(coordinator, MAIN, "IMPF-A", shift + OFFSET).status_code == 201
    refused = problem(_book(coordinator, RAPID, "IMPF-A", shift), 409)  # capacity 1, taken

    assert refused["type"] == "/problems/capacity-exceeded"
    assert shift in _closed(coordinator, RAPID)["IMPF-A"]


def test_a_place_freed_in_one_round_can_be_booked_from_the_other(api: Api) -> None:
    coordinator = _published_pair(api)
    shift = _free_shifts(coordinator, "IMPF-A")[0]
    main_booking = _book(coordinator, MAIN, "IMPF-A", shift + OFFSET).json()
    problem(_book(coordinator, RAPID, "IMPF-A", shift), 409)

    coordinator.ok("POST", f"/bookings/{main_booking['id']}/cancel")

    assert shift not in _closed(coordinator, RAPID)["IMPF-A"]
    assert _book(coordinator, RAPID, "IMPF-A", shift).status_code == 201
    with api.database.transaction() as session:
        assert held_counters(session) == expected_counters(session)


def test_capacity_above_one_is_shared_place_by_place(api: Api) -> None:
    coordinator = _published_pair(api)
    shift = _free_shifts(coordinator, "IMPF-B")[0]  # IMPF-B holds two at once

    statuses = [
        _book(coordinator, code, "IMPF-B", shift + (OFFSET if code == MAIN else 0)).status_code
        for code in (MAIN, RAPID, RAPID, MAIN)
    ]

    assert statuses == [201, 201, 409, 409]


def test_a_round_on_another_shift_grid_cannot_book_time_held_by_a_round(api: Api) -> None:
    coordinator = world.coordinator(api)
    world.imported_round(coordinator, MAIN, MAIN_START)
    world.publish(coordinator, MAIN)
    held = [b for b in _bookings(coordinator, MAIN) if b["instrument"] == "IMPF-B"]
    main_shift = next(
        s for s in range(20) if not any(b["start"] <= s < b["start"] + b["length"] for b in held)
    )
    booked = coordinator.ok(
        "POST",
        f"/rounds/{MAIN}/bookings",
        201,
        json={
            "request": "P-3/a",
            "instrument": "IMPF-B",
            "start": main_shift,
            "length": 1,
            "override": "a test of capacity across rounds",
        },
    )
    # A round of 12-hour shifts starting 4 hours into that shift: its shift 0 overlaps it.
    twelve_start = datetime.fromisoformat(booked["starts_at"]) + timedelta(hours=4)
    _twelve_hour_round(coordinator, TWELVE, twelve_start.isoformat())

    refused = problem(_book(coordinator, TWELVE, "IMPF-B", 0), 409)  # a place is free, but

    assert "another shift grid" in refused["detail"]  # slots on two grids exclude each other
    assert 0 in _closed(coordinator, TWELVE)["IMPF-B"]
    spans = [
        (datetime.fromisoformat(b["starts_at"]), datetime.fromisoformat(b["ends_at"]))
        for b in _bookings(coordinator, MAIN)
        if b["instrument"] == "IMPF-B"
    ]
    clear = next(
        k
        for k in range(1, 6)
        if not any(
            starts < twelve_start + timedelta(hours=12 * (k + 1))
            and twelve_start + timedelta(hours=12 * k) < ends
            for starts, ends in spans
        )
    )
    assert clear not in _closed(coordinator, TWELVE)["IMPF-B"]
    assert _book(coordinator, TWELVE, "IMPF-B", clear).status_code == 201
    with api.database.transaction() as session:
        assert held_counters(session) == expected_counters(session)


def _twelve_hour_round(runner: Caller, code: str, start: str) -> None:
    """The small instance on 12-hour shifts, every request on IMPF-A only, published."""
    document = factories.instance_document(code, n_shifts=6)
    document["round"].update(start=start, shift_hours=12)
    document["policies"], document["precedences"] = [], []
    document["instruments"][0]["closed"] = []
    for proposal in document["proposals"]:
        for request in proposal["requests"]:
            request.update(
                instruments=["IMPF-A"], shifts=1, min_shifts=1, min_block=1, unavailable=[]
            )
            request.update(release=0, deadline=6)
    runner.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review", "group": world.GROUP},
        content=json.dumps(document),
    )
    world.publish(runner, code)


def _race(calls: Sequence[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_racing_bookings_from_two_rounds_never_exceed_capacity(live_api: Api) -> None:
    coordinator = _published_pair(live_api)
    free = {i: _free_shifts(coordinator, i)[:3] for i in ("IMPF-A", "IMPF-B")}
    capacity = {"IMPF-A": 1, "IMPF-B": 2}
    targets = [(code, i, s) for i, shifts in free.items() for s in shifts for code in (MAIN, RAPID)]

    calls = [
        partial(_book, coordinator, code, instrument, shift + (OFFSET if code == MAIN else 0))
        for code, instrument, shift in targets
        for _ in range(3)
    ]
    responses = _race(calls)

    assert {r.status_code for r in responses} <= {201, 409}
    made = [r.json() for r in responses if r.status_code == 201]
    for instrument, shifts in free.items():  # every free place taken once, by either round
        for shift in shifts:
            holders = [
                b
                for b in made
                if b["instrument"] == instrument
                and b["start"] == shift + (OFFSET if b["round"] == MAIN else 0)
            ]
            assert len(holders) == capacity[instrument]
    with live_api.database.transaction() as session:
        assert held_counters(session) == expected_counters(session)
