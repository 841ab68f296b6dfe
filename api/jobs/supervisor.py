"""Finding jobs whose worker died, and stopping workers that ignore a cancel.

A job is failed when its worker process is gone (a local child that exited, or a
pid on this host that no longer exists) or when its heartbeat is older than
`stale_after_seconds` (a worker on another machine, or a hung one). Every
decision is a conditional update, so several supervisors (API processes, broker
workers) may run at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from api.jobs.store import JobStore
from api.settings import Settings
from models.orm import utc_now

logger = logging.getLogger("beamtime.jobs")

ChildExits = Callable[[], list[tuple[str, int]]]
Terminate = Callable[[str], bool]


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


class Supervisor:
    """One sweep over the running jobs; run periodically by `SupervisorThread`.

    `starts_at_once` names a backend whose jobs start as soon as they are handed over
    (local processes): its jobs still queued after `stale_after_seconds` were lost.
    """

    def __init__(
        self,
        store: JobStore,
        settings: Settings,
        *,
        child_exits: ChildExits | None = None,
        terminate: Terminate | None = None,
        starts_at_once: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.host = socket.gethostname()
        self.child_exits = child_exits or (list)
        self.terminate = terminate or (lambda _job_id: False)
        self.starts_at_once = starts_at_once

    def sweep(self) -> None:
        """Fail jobs with dead workers; force-stop cancelled jobs past their grace period."""
        for job_id, code in self.child_exits():
            if self.store.fail(
                job_id, f"the worker process exited (code {code}) before storing a result"
            ):
                logger.warning("job %s failed: its worker exited with code %s", job_id, code)
        grace = timedelta(seconds=self.settings.cancel_grace_seconds)
        for job in self.store.running_on(self.host):
            if job.pid is not None and not pid_alive(job.pid):
                if self.store.fail(job.id, f"the worker process {job.pid} is gone"):
                    logger.warning("job %s failed: worker %s is gone", job.id, job.pid)
            elif (
                job.cancel_requested_at is not None
                and utc_now() - job.cancel_requested_at > grace
                and self.terminate(job.id)
            ):
                self.store.cancel_running(job.id, "stopped by force after a cancel request")
        stale_after = timedelta(seconds=self.settings.stale_after_seconds)
        if self.starts_at_once is not None:  # a queue may hold jobs for long; processes may not
            for job_id in self.store.fail_unstarted(self.starts_at_once, stale_after):
                logger.warning("job %s failed: it was never started", job_id)
        for job_id, host, pid in self.store.stale_jobs(stale_after):
            self.terminate(job_id)
            if self.store.fail(
                job_id,
                f"no heartbeat for {stale_after.total_seconds():g} s from worker {pid} on {host}",
            ):
                logger.warning("job %s failed: its heartbeat stopped", job_id)


class SupervisorThread(threading.Thread):
    """Runs `Supervisor.sweep` every `supervise_every_seconds` until stopped."""

    def __init__(self, supervisor: Supervisor, every: float) -> None:
        super().__init__(name="beamtime-supervisor", daemon=True)
        self.supervisor = supervisor
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                self.supervisor.sweep()
            except Exception:  # the database may be briefly unreachable; try again later
                logger.exception("supervising jobs failed")
            if self.stopped.wait(self.every):
                return

    def stop(self) -> None:
        """End the loop and wait for it."""
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=10)
