"""What-if studies on the Dramatiq backend: two `beamtime worker` processes on Redis solve
the variants side by side. Runs when `BEAMTIME_TEST_REDIS_URL` is set or under `CI=true`."""

from __future__ import annotations

import time

import pytest
import redis
from sqlalchemy import select

from models.orm import SolveJob
from tests.api.test_queue_backend import _queue_api, _stop, _worker
from tests.api.whatifs.helpers import ROUND, THREE_VARIANTS, imported_round, wait_for_whatif

pytestmark = pytest.mark.redis


def _wait_for_workers(url: str, namespace: str, count: int, timeout: float = 90.0) -> None:
    """Wait until `count` workers heartbeat on the broker (so each can take a job)."""
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    try:
        while client.zcard(f"{namespace}:__heartbeats__") < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"fewer than {count} workers came up in {timeout} s")
            time.sleep(0.2)
    finally:
        client.close()


def test_two_queue_workers_solve_the_variants_side_by_side(
    shared_database_url: str, broker: tuple[str, str]
) -> None:
    url, namespace = broker
    solver = {"BEAMTIME_SOLVER": "tests.api.solvers:solve_after_a_pause"}
    workers = [_worker(shared_database_url, url, namespace, **solver) for _ in range(2)]
    try:
        _wait_for_workers(url, namespace, 2)
        for api in _queue_api(shared_database_url, url, namespace):
            coordinator = imported_round(api)
            started = coordinator.ok(
                "POST",
                f"/rounds/{ROUND}/whatifs",
                202,
                json={"variants": THREE_VARIANTS, "price": True, "time_limit": 5},
            )
            study = wait_for_whatif(coordinator, started["id"])
            assert {case["status"] for case in study["cases"]} == {"succeeded"}
            assert [v["id"] for v in study["report"]["variants"]] == ["tight", "dropped", "owed"]
            assert study["report"]["prices"][0]["status"] == "exact"
            job_ids = [case["job"] for case in study["cases"]]
            with api.database.transaction() as session:
                rows = session.execute(
                    select(SolveJob.backend, SolveJob.worker_pid).where(SolveJob.id.in_(job_ids))
                ).all()
            assert {backend for backend, _ in rows} == {"dramatiq"}
            assert len({pid for _, pid in rows}) == 2, "both workers should have solved cases"
    finally:
        for worker in workers:
            _stop(worker)
