"""Running one solve job inside a worker (a local process or a Dramatiq worker).

The worker claims the job and exports the round as it is then (the job's
snapshot: the request that queued the job only checked that it could start, so
it answers at once however large the round), then a heartbeat thread writes progress and a heartbeat
to the database every few seconds and reads the cancel flag; the solver polls
`should_stop`. At the end the solution is checked and the result is written in
one transaction. If the worker dies at any point before that, nothing of the
result exists and the supervisor marks the job failed.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from typing import cast

from api.db import Database
from api.jobs.store import JobStore
from api.settings import Settings
from models.exchange import Instance, Solution, parse_instance
from scheduler.params import Progress, SolveParams

logger = logging.getLogger("beamtime.jobs")

SolveFunction = Callable[..., Solution]


def load_solver(reference: str) -> SolveFunction:
    """The solve function named `module:function`.

    Raises:
        ValueError: the reference is malformed or names nothing callable.
    """
    module_name, _, attribute = reference.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"solver {reference!r} is not of the form module:function")
    function = getattr(importlib.import_module(module_name), attribute, None)
    if not callable(function):
        raise ValueError(f"solver {reference!r} is not callable")
    return cast(SolveFunction, function)


class _Heartbeat(threading.Thread):
    """Writes heartbeats and buffered progress; sets `stop` when the job must end."""

    def __init__(self, store: JobStore, job_id: str, every: float) -> None:
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.store = store
        self.job_id = job_id
        self.every = every
        self.stop_requested = threading.Event()
        self.finished = threading.Event()
        self._lock = threading.Lock()
        self._pending: list[Progress] = []

    def report(self, progress: Progress) -> None:
        """Called from the solver's thread with each improving solution."""
        with self._lock:
            self._pending.append(progress)

    def flush(self) -> None:
        """Write the pending progress and a heartbeat now."""
        with self._lock:
            pending, self._pending = self._pending, []
        if self.store.beat(self.job_id, pending[-1] if pending else None, pending):
            self.stop_requested.set()

    def run(self) -> None:
        while not self.finished.wait(self.every):
            try:
                self.flush()
            except Exception:  # a lost database connection must not kill the solve
                logger.exception("heartbeat of job %s failed", self.job_id)


def run_job(database: Database, settings: Settings, job_id: str) -> str:
    """Run the solve job `job_id` to its end, writing everything to the database.

    Returns:
        The job's final status as this worker left it (`skipped` if it was not queued).
    """
    store = JobStore(database)
    claimed = store.claim(job_id, socket.gethostname(), os.getpid())
    if claimed is None:
        logger.info("job %s is not queued any more; nothing to do", job_id)
        return "skipped"
    heartbeat = _Heartbeat(store, job_id, settings.heartbeat_seconds)
    heartbeat.start()
    try:
        snapshot = claimed.instance_json or store.take_snapshot(job_id, claimed.round_id)
        instance = parse_instance(snapshot)
        params = SolveParams(**claimed.params)
        solver = load_solver(settings.solver)
        solution = solver(instance, params, heartbeat.report, heartbeat.stop_requested.is_set)
    except Exception as error:
        heartbeat.finished.set()
        heartbeat.join()
        logger.exception("job %s failed", job_id)
        store.fail(job_id, _failure(error))
        return "failed"
    heartbeat.flush()
    try:
        # Checking and storing a large round's result takes a while; the heartbeat goes on
        # meanwhile so that the supervisor does not take the worker for dead.
        return _store_result(store, job_id, instance, solution)
    finally:
        heartbeat.finished.set()
        heartbeat.join()


def _failure(error: Exception) -> str:
    """What the job's `error` says: a round's problems in full, else the traceback."""
    from api.errors import BeamtimeError

    if isinstance(error, BeamtimeError):
        lines = [f"{problem.path}: {problem.message}" for problem in error.errors[:50]]
        return "\n".join([error.detail, *lines])
    return f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"


def _store_result(store: JobStore, job_id: str, instance: Instance, solution: Solution) -> str:
    breaches = check(instance, solution)
    if breaches:
        store.fail(
            job_id,
            "the checker rejected the solution: " + "; ".join(breaches[:20]),
            solution=solution,
        )
        return "failed"
    allocate = solution.status in ("optimal", "feasible")
    if not store.finish(job_id, solution, allocate=allocate):
        logger.warning(
            "job %s was decided elsewhere (supervisor or cancel); result dropped", job_id
        )
        return store.status(job_id) or "missing"
    return store.status(job_id) or "missing"


def check(instance: Instance, solution: Solution) -> list[str]:
    """The checker's breaches of a solution, as `path: message` lines (empty when valid)."""
    from scheduler.checking import check_solution

    report = check_solution(instance, solution)
    return [str(breach) for breach in report.breaches]


def run_job_in_new_process(settings: Settings, job_id: str) -> str:
    """Entry point of a worker process: its own engine, one job, then exit."""
    database = Database.from_url(settings.database_url, pool=False)
    try:
        return run_job(database, settings, job_id)
    finally:
        database.dispose()
