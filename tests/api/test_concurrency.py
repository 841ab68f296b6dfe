"""Capacity under concurrency: many simultaneous bookings and declines never overfill a shift
and never lose an update. The database decides (shift counters with a CHECK), so the test
runs real concurrent requests against PostgreSQL (and SQLite, where writers queue)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from api.auth.principal import Role
from models.exchange import dump_document, parse_instance
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api import factories
from tests.api.counters import expected_counters, held_counters
from tests.api.helpers import Api, Caller

ROUND = "CONC-1"
THREADS = 32


def _published_round(api: Api) -> tuple[Caller, Caller]:
    factories.group(api.caller(Role.ADMIN), "g1")
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review", "group": "g1"},
        content=json.dumps(factories.instance_document(ROUND, n_shifts=40)),
    )
    instance = parse_instance(coordinator.get(f"/rounds/{ROUND}/instance.json").content)
    solution = solve(instance, SolveParams(method="greedy"))
    coordinator.ok("PUT", f"/rounds/{ROUND}/allocation", content=dump_document(solution))
    coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "published"})
    return coordinator, api.caller(Role.PROPOSER, group="g1")


def _race(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _assert_counters_match_bookings(api: Api) -> None:
    with api.database.transaction() as session:
        assert held_counters(session) == expected_counters(session)


def _book(coordinator: Caller, request: str, start: int, length: int) -> Callable[[], Any]:
    return lambda: coordinator.post(
        f"/rounds/{ROUND}/bookings",
        json={
            "request": request,
            "instrument": "IMPF-B",
            "start": start,
            "length": length,
            "override": "a race for capacity, whatever the request's terms",
        },
    )


def test_simultaneous_bookings_never_exceed_capacity(live_api: Api) -> None:
    coordinator, _ = _published_round(live_api)
    responses = _race([_book(coordinator, "P-2/a", 30, 3) for _ in range(THREADS)])
    statuses = Counter(response.status_code for response in responses)
    assert statuses[201] == 2, statuses  # capacity 2, shifts 30-32 were free
    assert statuses[409] == THREADS - 2
    assert all(
        r.json()["type"] == "/problems/capacity-exceeded" for r in responses if r.status_code == 409
    )
    _assert_counters_match_bookings(live_api)


def test_simultaneous_declines_and_bookings_lose_no_update(live_api: Api) -> None:
    coordinator, proposer = _published_round(live_api)
    made = [
        coordinator.ok(
            "POST",
            f"/rounds/{ROUND}/bookings",
            201,
            json={
                "request": "P-1/a",
                "instrument": "IMPF-B",
                "start": 34,
                "length": 2,
                "override": "a race for capacity, whatever the request's terms",
            },
        )
        for _ in range(2)
    ]
    declines = [
        lambda b=booking: proposer.post(f"/bookings/{b['id']}/decline")
        for booking in made
        for _ in range(THREADS // 4)
    ]
    confirms = [
        lambda b=booking: proposer.post(f"/bookings/{b['id']}/confirm")
        for booking in made
        for _ in range(2)
    ]
    books = [_book(coordinator, "P-3/a", 34, 2) for _ in range(THREADS // 2)]
    responses = _race([*declines, *confirms, *books])

    decline_ok = [r for r in responses[: len(declines)] if r.status_code == 200]
    assert len(decline_ok) == 2  # each booking declined exactly once
    assert {r.status_code for r in responses[: len(declines)]} <= {200, 409}
    assert {r.status_code for r in responses} <= {200, 201, 409}
    booked = [r for r in responses[len(declines) + len(confirms) :] if r.status_code == 201]
    assert len(booked) <= 2
    for booking in made:
        final = coordinator.ok("GET", f"/bookings/{booking['id']}")
        assert final["status"] == "declined"
    _assert_counters_match_bookings(live_api)
    audit = live_api.caller(Role.ADMIN).ok(
        "GET", "/audit", params={"action": "booking.decline", "limit": 500}
    )
    assert Counter(entry["resource_id"] for entry in audit["items"]) == {
        booking["id"]: 1 for booking in made
    }
