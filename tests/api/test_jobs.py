"""Solve jobs run in worker processes: progress, results, cancellation, and dead workers."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.auth.principal import Role
from api.db import Database
from api.jobs.store import JobStore
from api.jobs.supervisor import Supervisor
from models.orm import SolveJob, utc_now
from tests.api import factories
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller
from tests.api.waiting import wait_for_job

ROUND = "IMP-1"


def _api(url: str, **settings: object) -> Iterator[Api]:
    database = Database.from_url(url)
    app = create_app(app_settings(url, supervise_every_seconds=0.3, **settings), database=database)
    with TestClient(app) as client:
        yield Api(client, database)
    database.dispose()


@pytest.fixture
def slow_api(shared_database_url: str) -> Iterator[Api]:
    """An app whose workers run a solver that searches until stopped."""
    yield from _api(
        shared_database_url, solver="tests.api.solvers:solve_slowly", cancel_grace_seconds=30
    )


def _imported_round(api: Api) -> Caller:
    """A round imported in review; returns its coordinator."""
    # Coordinators import into existing groups only; admins create them.
    api.caller(Role.ADMIN).ok("POST", "/groups", 201, json={"code": "imported"})
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document(ROUND)),
        params={"state": "review"},
    )
    return coordinator


def _worker_pid(api: Api, job_id: str) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with api.database.transaction() as session:
            pid = session.scalar(select(SolveJob.worker_pid).where(SolveJob.id == job_id))
        if pid is not None:
            return pid
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} was never claimed by a worker")


def test_a_solve_reports_progress_and_its_result_becomes_a_candidate(live_api: Api) -> None:
    coordinator = _imported_round(live_api)
    started = coordinator.post(f"/rounds/{ROUND}/solve", json={"time_limit": 5})
    assert started.status_code == 202
    assert started.headers["Location"] == f"/solves/{started.json()['id']}"
    assert started.json()["status"] in {"queued", "running"}
    job = wait_for_job(coordinator, started.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["elapsed"] is not None
    assert job["heartbeat_at"] is not None
    progress = coordinator.ok("GET", f"/solves/{job['id']}/progress")
    assert progress["total"] >= 1
    solution = coordinator.get(f"/solves/{job['id']}/solution.json").json()
    assert solution["format"] == "beamtime-solution/1"
    allocations = coordinator.ok("GET", f"/rounds/{ROUND}/allocations")
    assert [a["state"] for a in allocations["items"]] == ["candidate"]


def test_a_failing_engine_leaves_the_job_failed_with_its_error(
    shared_database_url: str,
) -> None:
    for api in _api(shared_database_url, solver="tests.api.solvers:solve_and_crash"):
        coordinator = _imported_round(api)
        job_id = coordinator.ok("POST", f"/rounds/{ROUND}/solve", 202, json={})["id"]
        job = wait_for_job(coordinator, job_id)
        assert job["status"] == "failed"
        assert "the engine broke down" in job["error"]
        assert job["allocation"] is None


def test_a_killed_worker_leaves_the_job_failed_and_the_allocation_intact(slow_api: Api) -> None:
    coordinator = _imported_round(slow_api)
    imported = coordinator.ok(
        "PUT", f"/rounds/{ROUND}/allocation", content=_greedy_solution(coordinator)
    )
    assert imported["state"] == "accepted"
    job_id = coordinator.ok("POST", f"/rounds/{ROUND}/solve", 202, json={})["id"]
    wait_for_job(coordinator, job_id, statuses={"running"})
    pid = _worker_pid(slow_api, job_id)
    wait_for_progress(coordinator, job_id)

    os.kill(pid, signal.SIGKILL)
    job = wait_for_job(coordinator, job_id, timeout=30)

    assert job["status"] == "failed"
    assert "exited" in job["error"] or "gone" in job["error"]
    assert job["allocation"] is None
    current = coordinator.ok("GET", f"/rounds/{ROUND}/allocation")
    assert current["id"] == imported["id"]
    assert coordinator.ok("GET", f"/rounds/{ROUND}")["state"] == "allocated"
    assert coordinator.ok("GET", f"/rounds/{ROUND}/allocations")["total"] == 1


def test_a_cancelled_solve_stops_and_makes_no_allocation(slow_api: Api) -> None:
    coordinator = _imported_round(slow_api)
    job_id = coordinator.ok("POST", f"/rounds/{ROUND}/solve", 202, json={})["id"]
    wait_for_job(coordinator, job_id, statuses={"running"})
    cancelling = coordinator.ok("POST", f"/solves/{job_id}/cancel", 202)
    assert cancelling["cancel_requested"] is True
    job = wait_for_job(coordinator, job_id, timeout=30)
    assert job["status"] == "cancelled"
    assert job["allocation"] is None
    assert coordinator.post(f"/solves/{job_id}/cancel").status_code == 409


def test_the_api_answers_while_a_solve_runs(slow_api: Api) -> None:
    coordinator = _imported_round(slow_api)
    job_id = coordinator.ok("POST", f"/rounds/{ROUND}/solve", 202, json={})["id"]
    wait_for_job(coordinator, job_id, statuses={"running"})
    started = time.monotonic()
    for _ in range(20):
        coordinator.ok("GET", f"/rounds/{ROUND}")
    assert time.monotonic() - started < 5
    coordinator.ok("POST", f"/solves/{job_id}/cancel", 202)
    wait_for_job(coordinator, job_id, timeout=30)


def wait_for_progress(caller: Caller, job_id: str, timeout: float = 30) -> None:
    """Wait until the job has reported progress."""
    deadline = time.monotonic() + timeout
    while caller.ok("GET", f"/solves/{job_id}")["objective"] is None:
        if time.monotonic() > deadline:
            raise AssertionError("no progress reported")
        time.sleep(0.05)


def _greedy_solution(coordinator: Caller) -> bytes:
    from models.exchange import dump_document, parse_instance
    from scheduler.params import SolveParams
    from scheduler.solve import solve

    instance = parse_instance(coordinator.get(f"/rounds/{ROUND}/instance.json").content)
    return dump_document(solve(instance, SolveParams(method="greedy"))).encode()


def test_the_supervisor_fails_jobs_whose_heartbeat_stopped(database: Database) -> None:
    """A worker on another machine that stops heartbeating is declared dead."""
    from models.orm import Round

    with database.transaction() as session:
        round_ = Round(code="R", start=utc_now(), n_shifts=5, facilities=[])
        session.add(round_)
        session.flush()
        session.add(
            SolveJob(
                id="job-1",
                round_id=round_.id,
                status="running",
                instance_json="{}",
                worker_host="elsewhere",
                worker_pid=1,
                heartbeat_at=utc_now() - timedelta(minutes=5),
                progress=[],
            )
        )
    supervisor = Supervisor(JobStore(database), app_settings(stale_after_seconds=30))
    supervisor.sweep()
    with database.transaction() as session:
        job = session.get_one(SolveJob, "job-1")
        assert job.status == "failed"
        assert "no heartbeat" in (job.error or "")


def test_the_supervisor_fails_local_jobs_that_never_started(database: Database) -> None:
    """The API process died between committing a job and starting its worker."""
    from models.orm import Round

    old = utc_now() - timedelta(minutes=5)
    with database.transaction() as session:
        round_ = Round(code="R", start=utc_now(), n_shifts=5, facilities=[])
        session.add(round_)
        session.flush()
        for job_id, backend in (("lost", "local"), ("waiting", "dramatiq")):
            session.add(
                SolveJob(
                    id=job_id,
                    round_id=round_.id,
                    status="queued",
                    backend=backend,
                    instance_json="{}",
                    created_at=old,
                    progress=[],
                )
            )
    Supervisor(
        JobStore(database), app_settings(stale_after_seconds=30), starts_at_once="local"
    ).sweep()
    with database.transaction() as session:
        assert session.get_one(SolveJob, "lost").status == "failed"
        assert session.get_one(SolveJob, "waiting").status == "queued"
