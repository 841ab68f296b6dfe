"""The task-queue backend, for real: Dramatiq over the local Redis, with `beamtime worker`
processes, on SQLite and PostgreSQL. Runs when `BEAMTIME_TEST_REDIS_URL` is set or under
`CI=true` (redis://127.0.0.1:6379/15)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.auth.principal import Role
from api.db import Database
from models.orm import SolveJob
from tests.api import factories
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller
from tests.api.waiting import wait_for_job

ROOT = Path(__file__).resolve().parents[2]
CI_REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.redis


def redis_url() -> str | None:
    """The Redis server to test against, or None when the queue tests are off."""
    explicit = os.environ.get("BEAMTIME_TEST_REDIS_URL")
    if explicit:
        return explicit
    if os.environ.get("CI", "").lower() == "true":
        return CI_REDIS_URL
    return None


@pytest.fixture
def broker() -> Iterator[tuple[str, str]]:
    """A Redis URL and a namespace of this test's own, cleaned up afterwards."""
    url = redis_url()
    if url is None:
        pytest.skip(
            "queue tests need Redis: set BEAMTIME_TEST_REDIS_URL "
            "(e.g. redis://127.0.0.1:6379/15) or CI=true"
        )
    namespace = f"bt-test-{uuid.uuid4().hex[:10]}"
    yield url, namespace
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{namespace}*"))
    if keys:
        client.delete(*keys)
    client.close()


def _worker(
    database_url: str, broker_url: str, namespace: str, **extra: str
) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "BEAMTIME_DATABASE_URL": database_url,
        "BEAMTIME_BROKER_URL": broker_url,
        "BEAMTIME_BROKER_NAMESPACE": namespace,
        "BEAMTIME_HEARTBEAT_SECONDS": "0.2",
        **extra,
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from cli.main import app; app()", "worker", "--processes", "1"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _queue_api(
    database_url: str, broker_url: str, namespace: str, **settings: object
) -> Iterator[Api]:
    database = Database.from_url(database_url)
    app = create_app(
        app_settings(
            database_url,
            broker_url=broker_url,
            broker_namespace=namespace,
            supervise_every_seconds=0.3,
            **settings,
        ),
        database=database,
    )
    with TestClient(app) as client:
        yield Api(client, database)
    database.dispose()


def _imported(api: Api) -> Caller:
    # Coordinators import into existing groups only; admins create them.
    api.caller(Role.ADMIN).ok("POST", "/groups", 201, json={"code": "imported"})
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review"},
        content=json.dumps(factories.instance_document("Q-1")),
    )
    return coordinator


def test_jobs_run_on_queue_workers(shared_database_url: str, broker: tuple[str, str]) -> None:
    url, namespace = broker
    worker = _worker(shared_database_url, url, namespace)
    try:
        for api in _queue_api(shared_database_url, url, namespace):
            coordinator = _imported(api)
            job = coordinator.ok("POST", "/rounds/Q-1/solve", 202, json={"time_limit": 5})
            assert job["backend"] == "dramatiq"
            done = wait_for_job(coordinator, job["id"], timeout=120)
            assert done["status"] == "succeeded", done
            assert done["allocation"] is not None
            with api.database.transaction() as session:
                pid = session.scalar(select(SolveJob.worker_pid).where(SolveJob.id == job["id"]))
            assert pid not in (None, os.getpid())
    finally:
        _stop(worker)


def test_a_killed_queue_worker_leaves_the_job_failed(
    shared_database_url: str, broker: tuple[str, str]
) -> None:
    url, namespace = broker
    worker = _worker(
        shared_database_url, url, namespace, BEAMTIME_SOLVER="tests.api.solvers:solve_slowly"
    )
    try:
        for api in _queue_api(shared_database_url, url, namespace):
            coordinator = _imported(api)
            job = coordinator.ok("POST", "/rounds/Q-1/solve", 202, json={})
            wait_for_job(coordinator, job["id"], statuses={"running"}, timeout=120)
            with api.database.transaction() as session:
                pid = session.scalar(select(SolveJob.worker_pid).where(SolveJob.id == job["id"]))
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            failed = wait_for_job(coordinator, job["id"], timeout=60)
            assert failed["status"] == "failed"
            assert failed["allocation"] is None
            problem = coordinator.get("/rounds/Q-1/allocation")
            assert problem.status_code == 404
            time.sleep(0.5)
            assert coordinator.ok("GET", f"/solves/{job['id']}")["status"] == "failed"
    finally:
        _stop(worker)
