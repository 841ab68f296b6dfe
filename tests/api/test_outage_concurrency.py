"""An outage racing the groups' declines and a second outage (PostgreSQL and SQLite, many
clients): every request answers without a server error, a booking's lost shifts never
overlap, and the shift counters still equal the bookings that hold them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select

from api.auth.principal import Role
from models.orm import BookingLoss
from tests.api import operations_world as world
from tests.api.counters import expected_counters, held_counters
from tests.api.helpers import Api


def _race(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_outages_racing_declines_keep_losses_and_counters_true(live_api: Api) -> None:
    runner = world.coordinator(live_api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.publish(runner, "R-1")
    bookings = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    proposer = live_api.caller(Role.PROPOSER, group=world.GROUP)
    start = datetime.fromisoformat(world.FUTURE_START)
    outage = {
        "instruments": ["IMPF-A", "IMPF-B"],
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=8 * 20)).isoformat(),
        "cause": "site power cut",
    }
    calls: list[Callable[[], httpx.Response]] = [
        lambda: runner.post("/rounds/R-1/outages", json=outage) for _ in range(2)
    ]
    calls += [
        (lambda booking_id=b["id"]: proposer.post(f"/bookings/{booking_id}/decline"))
        for b in bookings
    ]
    responses = _race(calls)
    assert [r.status_code for r in responses[:2]] == [201, 201]
    assert all(r.status_code in {200, 201, 409} for r in responses), [
        (r.status_code, r.text) for r in responses
    ]
    with live_api.database.transaction() as session:
        losses = session.scalars(select(BookingLoss)).all()
        seen: dict[str, set[int]] = {}
        for loss in losses:
            shifts = set(range(loss.start, loss.start + loss.length))
            assert not shifts & seen.get(loss.booking_id, set()), loss.booking_id
            seen.setdefault(loss.booking_id, set()).update(shifts)
        assert held_counters(session) == expected_counters(session)
