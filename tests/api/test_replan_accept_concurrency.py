"""Accepting a re-plan under concurrency and faults (PostgreSQL and SQLite, many clients).

* Accepts of two re-plans of the same bookings, each sent by several clients at once:
  exactly one succeeds, and the bookings are its candidate.
* An accept racing the groups' confirms and declines: it applies only if no other change
  came first (never a stale candidate), every confirm or decline that answered 200 is in
  the bookings (never a lost update), each booking's version counts exactly its changes,
  and the shift counters equal the bookings that hold them (never over capacity).
* A worker killed in the middle of a re-plan leaves the bookings untouched.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.auth.principal import Role
from api.db import Database
from models.orm import AuditEntry, SolveJob
from tests.api import operations_world as world
from tests.api import replan_helpers as rh
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller

FINISHED = {"succeeded", "failed", "cancelled"}


def _race(
    calls: list[Callable[[], httpx.Response]], delays: list[float] | None = None
) -> list[httpx.Response]:
    """Send every call at once, each after its delay (seconds) from the common start."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response], delay: float) -> httpx.Response:
        barrier.wait()
        time.sleep(delay)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls, delays or [0.0] * len(calls)))


def _wait(caller: Caller, job_id: str, statuses: set[str], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = caller.ok("GET", f"/replans/{job_id}")
        if job["status"] in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"re-plan {job_id} still {job['status']} after {timeout} s")
        time.sleep(0.1)


def _solved_replan(runner: Caller) -> str:
    job: str = runner.ok("POST", "/rounds/R-1/replans", 202, json=rh.REPLAN)["id"]
    assert _wait(runner, job, FINISHED)["status"] == "succeeded"
    return job


def _candidate(database: Database, job_id: str) -> set[rh.Block]:
    with database.transaction() as session:
        job = session.get(SolveJob, job_id)
        assert job is not None
        assert job.solution_json is not None
        document = json.loads(job.solution_json)
    return {
        (a["request"], a["instrument"], start, length)
        for a in document["assignments"]
        for start, length in a["blocks"]
    }


def _published_with_an_outage(api: Api) -> tuple[Caller, dict[str, dict[str, Any]]]:
    runner = world.coordinator(api)
    booked = rh.published(runner)
    rh.outage_over(runner, booked["P-1/a"])  # P-1/a and P-3/a lose shift 0 of IMPF-B
    return runner, booked


def _placed(database: Database) -> set[rh.Block]:
    """Blocks of every booking not cancelled (holding or declined: where the group was)."""
    return {
        (b.request.code, b.instrument.code, b.start, b.length)
        for b in rh.bookings(database)
        if b.status != "cancelled"
    }


def test_concurrent_accepts_of_two_replans_apply_exactly_one(live_api: Api) -> None:
    runner, _ = _published_with_an_outage(live_api)
    first, second = _solved_replan(runner), _solved_replan(runner)
    original = rh.holding_blocks(live_api.database)
    clients = [live_api.caller(Role.COORDINATOR, facilities=(world.FACILITY,)) for _ in range(6)]
    jobs = [first, second] * 3
    responses = _race(
        [
            (lambda c=client, j=job: c.post(f"/replans/{j}/accept"))
            for client, job in zip(clients, jobs, strict=True)
        ]
    )
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200] + [409] * 5, [(r.status_code, r.text) for r in responses]
    winner = jobs[statuses.index(200)]
    assert rh.holding_blocks(live_api.database) == _candidate(live_api.database, winner)
    assert rh.holding_blocks(live_api.database) != original
    assert rh.counters_are_true(live_api.database)
    kinds = {r.json()["type"] for r in responses if r.status_code == 409}
    assert kinds <= {"/problems/stale-replan", "/problems/lifecycle-conflict"}


@pytest.mark.parametrize("head_start", [0.0, 0.05, 0.3])
def test_an_accept_racing_confirms_and_declines_never_applies_a_stale_candidate(
    live_api: Api, head_start: float
) -> None:
    """The accepts get `head_start` seconds on the groups, so that the groups' changes land
    before, during and after the accept's transaction (which answer wins is not asserted:
    what must hold holds either way)."""
    runner, booked = _published_with_an_outage(live_api)
    job = _solved_replan(runner)
    original, candidate = _placed(live_api.database), _candidate(live_api.database, job)
    groups = [live_api.caller(Role.PROPOSER, group=world.GROUP) for _ in range(4)]
    coordinators = [
        live_api.caller(Role.COORDINATOR, facilities=(world.FACILITY,)) for _ in range(3)
    ]
    calls: list[Callable[[], httpx.Response]] = [
        (lambda c=c: c.post(f"/replans/{job}/accept")) for c in coordinators
    ]
    confirm, decline = [booked["P-1/a"]["id"], booked["P-2/a"]["id"]], [booked["P-3/b"]["id"]]
    calls += [
        (lambda c=groups[i], b=b: c.post(f"/bookings/{b}/confirm")) for i, b in enumerate(confirm)
    ]
    calls += [(lambda c=groups[3], b=b: c.post(f"/bookings/{b}/decline")) for b in decline]
    responses = _race(calls, [0.0] * 3 + [head_start] * 3)
    assert all(r.status_code in {200, 409} for r in responses), [
        (r.status_code, r.text) for r in responses
    ]
    accepted = [r for r in responses[:3] if r.status_code == 200]
    assert len(accepted) <= 1
    with live_api.database.transaction() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        log = [(e.id, e.action, e.resource_id) for e in entries]
    group_changes = [i for i, action, _ in log if action in {"booking.confirm", "booking.decline"}]
    if accepted:
        # Applied only because no group's change came first; the candidate is in place.
        (accept_id,) = [i for i, action, _ in log if action == "replan.accept"]
        assert all(i > accept_id for i in group_changes)
        assert _placed(live_api.database) == candidate
    else:
        assert group_changes  # some change came first and made the candidate stale
        assert _placed(live_api.database) == original
    final = {b.id: b for b in rh.bookings(live_api.database)}
    for response, booking_id in zip(responses[3:5], confirm, strict=True):
        if response.status_code == 200:
            assert final[booking_id].status == "confirmed"
    for response, booking_id in zip(responses[5:], decline, strict=True):
        if response.status_code == 200:
            assert final[booking_id].status == "declined"
    counted = ("booking.confirm", "booking.decline", "booking.replan-")
    for booking in final.values():
        changes = sum(
            1
            for _, action, resource in log
            if resource == booking.id and action.startswith(counted)
            if action != "booking.replan-create"
        )
        assert booking.version == 1 + changes, (booking.id, booking.version, changes)
    assert rh.counters_are_true(live_api.database)


@pytest.fixture
def slow_api(shared_database_url: str) -> Iterator[Api]:
    """An app whose workers run a solver that searches until stopped."""
    database = Database.from_url(shared_database_url)
    settings = app_settings(
        shared_database_url,
        supervise_every_seconds=0.3,
        solver="tests.api.solvers:solve_slowly",
        cancel_grace_seconds=30,
    )
    with TestClient(create_app(settings, database=database)) as client:
        yield Api(client, database)
    database.dispose()


def _worker_pid(database: Database, job_id: str) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with database.transaction() as session:
            pid = session.scalar(select(SolveJob.worker_pid).where(SolveJob.id == job_id))
        if pid is not None:
            return pid
        time.sleep(0.05)
    raise AssertionError(f"re-plan {job_id} was never claimed by a worker")


def test_a_worker_killed_mid_replan_leaves_the_bookings_untouched(slow_api: Api) -> None:
    runner, _ = _published_with_an_outage(slow_api)
    before = {
        (b.id, b.version, b.status, b.start, b.length) for b in rh.bookings(slow_api.database)
    }
    job = runner.ok("POST", "/rounds/R-1/replans", 202, json=rh.REPLAN)["id"]
    _wait(runner, job, {"running"})
    os.kill(_worker_pid(slow_api.database, job), signal.SIGKILL)
    failed = _wait(runner, job, FINISHED, timeout=30)
    assert failed["status"] == "failed"
    after = {(b.id, b.version, b.status, b.start, b.length) for b in rh.bookings(slow_api.database)}
    assert after == before
    refused = runner.post(f"/replans/{job}/accept")
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/lifecycle-conflict"
    assert rh.counters_are_true(slow_api.database)
