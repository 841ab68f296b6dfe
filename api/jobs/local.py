"""The default backend: each job runs in its own local process (`python -m api.jobs`).

A separate process, rather than a thread, keeps the API responsive while CP-SAT
uses every core it is given, and lets a cancel end a solve by force. The
process handles kept here are only for reaping and stopping children; the job's
state is in the database.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from contextlib import suppress

from api.db import Database
from api.jobs.store import JobStore
from api.jobs.supervisor import Supervisor, SupervisorThread
from api.settings import Settings

logger = logging.getLogger("beamtime.jobs")
STOP_WAIT_SECONDS = 10.0


def worker_environment(settings: Settings) -> dict[str, str]:
    """The environment of a worker process: this process's, with its settings spelled out."""
    environment = dict(os.environ)
    for field, value in settings.model_dump().items():
        key = f"BEAMTIME_{field.upper()}"
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = str(value)
    return environment


class LocalProcessBackend:
    """Runs each job in a child process of the API process, supervised by a thread."""

    name = "local"

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.store = JobStore(database)
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._thread: SupervisorThread | None = None

    def submit(self, job_id: str) -> None:
        """Start a worker process for the job (a job that cannot start is marked failed)."""
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "api.jobs", job_id],
                env=worker_environment(self.settings),
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            self.store.fail(job_id, f"could not start a worker process: {error}")
            return
        with self._lock:
            self._children[job_id] = process
        logger.info("job %s started in process %s", job_id, process.pid)

    def terminate(self, job_id: str) -> bool:
        """Kill the job's worker process, if it is a child of this process."""
        with self._lock:
            process = self._children.get(job_id)
        if process is None or process.poll() is not None:
            return False
        process.kill()
        process.wait(timeout=10)
        return True

    def exited_children(self) -> list[tuple[str, int]]:
        """Children that have exited since the last call: (job id, exit code)."""
        exited = []
        with self._lock:
            for job_id, process in list(self._children.items()):
                code = process.poll()
                if code is not None:
                    exited.append((job_id, code))
                    del self._children[job_id]
        return exited

    def supervisor(self) -> Supervisor:
        """A supervisor that also knows this backend's children."""
        return Supervisor(
            self.store,
            self.settings,
            child_exits=self.exited_children,
            terminate=self.terminate,
            starts_at_once=self.name,
        )

    def start(self) -> None:
        """Start supervising (unless `supervise_every_seconds` is 0)."""
        if self.settings.supervise_every_seconds > 0:
            self._thread = SupervisorThread(
                self.supervisor(), self.settings.supervise_every_seconds
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop supervising. Workers that are finishing get a few seconds to exit; running
        ones go on (in their own session) and store their results."""
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        with self._lock:
            children = list(self._children.values())
        for process in children:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
        self.exited_children()
