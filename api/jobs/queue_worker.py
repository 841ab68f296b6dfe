"""The module a Dramatiq worker imports (`beamtime worker` names it): broker and actor.

Settings come from the environment, as for every other beamtime process (unusable
ones stop the import with a `SettingsError` naming each variable). Each worker process
opens its own database engine on its first job.
"""

from __future__ import annotations

import dramatiq

from api.db import Database
from api.jobs.queue import build_broker, declare_solve_actor
from api.jobs.runner import run_job
from api.settings import load_settings

settings = load_settings()
broker = build_broker(settings)
dramatiq.set_broker(broker)
_databases: list[Database] = []


def _database() -> Database:
    # One engine per worker process, made on first use (after the fork or spawn).
    if not _databases:
        _databases.append(Database.from_url(settings.database_url))
    return _databases[0]


def run_solve_job(job_id: str) -> None:
    """Run one solve job to its end (its outcome is in the database)."""
    run_job(_database(), settings, job_id)


solve_actor = declare_solve_actor(broker, settings, run_solve_job)
