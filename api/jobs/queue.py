"""The task-queue backend: Dramatiq over Redis, for workers on any number of machines.

Why Dramatiq: it acknowledges a message only after the actor returns (late acks,
at-least-once delivery) out of the box, and its Redis broker re-queues the
messages of a worker that stopped heartbeating; its worker CLI is small and its
API is typed. Celery can be made to do the same (`acks_late`,
`reject_on_worker_lost`) but brings a result backend and a much larger surface
that beamtime does not need: results live in the database. A redelivered
message is harmless: a worker only runs a job it can move from `queued` to
`running`.
"""

from __future__ import annotations

from collections.abc import Callable

import dramatiq
from dramatiq import Actor
from dramatiq.brokers.redis import RedisBroker

from api.db import Database
from api.jobs.store import JobStore
from api.jobs.supervisor import Supervisor, SupervisorThread
from api.settings import Settings

QUEUE_NAME = "solves"
ACTOR_NAME = "beamtime_solve"
BROKER_HEARTBEAT_MS = 30_000


def build_broker(settings: Settings) -> RedisBroker:
    """A Redis broker for `settings.broker_url`, namespaced by `settings.broker_namespace`.

    Raises:
        ValueError: no broker URL is configured.
    """
    if not settings.broker_url:
        raise ValueError("BEAMTIME_BROKER_URL is not set")
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=settings.broker_url,
        namespace=settings.broker_namespace,
        heartbeat_timeout=BROKER_HEARTBEAT_MS,
    )


def declare_solve_actor(
    broker: RedisBroker, settings: Settings, run: Callable[[str], None]
) -> Actor[[str], None]:
    """The actor that runs one job by id, with no retries (a failed job stays failed) and a
    time limit above the longest solve allowed."""
    time_limit_ms = int((settings.max_solve_seconds + 600) * 1000)
    decorate = dramatiq.actor(
        broker=broker,
        actor_name=ACTOR_NAME,
        queue_name=QUEUE_NAME,
        max_retries=0,
        time_limit=time_limit_ms,
    )
    actor: Actor[[str], None] = decorate(run)
    return actor


def _send_only(job_id: str) -> None:  # pragma: no cover - runs in workers, never in the API
    raise RuntimeError(f"job {job_id}: the API process only sends solve messages")


class DramatiqBackend:
    """Sends each job to the `solves` queue; `beamtime worker` processes run them."""

    name = "dramatiq"

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.broker = build_broker(settings)
        self.actor = declare_solve_actor(self.broker, settings, _send_only)
        self.store = JobStore(database)
        self._thread: SupervisorThread | None = None

    def submit(self, job_id: str) -> None:
        """Put the job on the queue (a job that cannot be queued is marked failed)."""
        try:
            self.actor.send(job_id)
        except Exception as error:  # Redis unreachable: the job must not stay queued
            self.store.fail(job_id, f"could not queue the job: {error}")

    def terminate(self, job_id: str) -> bool:
        """Workers on other machines cannot be stopped from here; they see the cancel flag."""
        return False

    def start(self) -> None:
        """Supervise heartbeats (workers on any machine) and worker pids on this machine."""
        if self.settings.supervise_every_seconds > 0:
            self._thread = SupervisorThread(
                Supervisor(self.store, self.settings), self.settings.supervise_every_seconds
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop supervising and close the broker's connections."""
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
        self.broker.close()
