"""Re-plans for the tests of accepting them: a published round, a re-plan job with a
candidate made by hand (so that a test chooses what moves), and the round's bookings and
counters read straight from the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from api.db import Database
from models.exchange import SOLUTION_FORMAT, Assignment, Solution, dump_document
from models.orm import HOLDING_STATUSES, Booking, JobStatus, Round, SolveJob, utc_now
from tests.api import operations_world as world
from tests.api.counters import expected_counters, held_counters
from tests.api.helpers import Caller

Block = tuple[str, str, int, int]
"""(request, instrument, start, length)."""

REPLAN = {"time_limit": 5, "workers": 1}


def published(runner: Caller, code: str = "R-1") -> dict[str, dict[str, Any]]:
    """Round `code` imported, solved and published; its bookings by request."""
    world.imported_round(runner, code, world.FUTURE_START)
    world.publish(runner, code)
    return {b["request"]: b for b in runner.ok("GET", f"/rounds/{code}/bookings")["items"]}


def outage_over(runner: Caller, booking: dict[str, Any], hours: int = 8) -> dict[str, Any]:
    """An outage over the first `hours` of `booking`'s instrument from its start."""
    starts = datetime.fromisoformat(booking["starts_at"])
    created: dict[str, Any] = runner.ok(
        "POST",
        f"/rounds/{booking['round']}/outages",
        201,
        json={
            "instruments": [booking["instrument"]],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=hours)).isoformat(),
            "cause": "magnet quench",
        },
    )
    return created


def replan_with_candidate(
    runner: Caller, database: Database, blocks: list[Block], code: str = "R-1", **body: Any
) -> str:
    """A re-plan job of round `code` (queued, never run) given `blocks` as its candidate,
    as if its solve had found them; returns its id."""
    job_id: str = runner.ok("POST", f"/rounds/{code}/replans", 202, json={**REPLAN, **body})["id"]
    by_request: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for request, instrument, start, length in blocks:
        by_request.setdefault((request, instrument), []).append((start, length))
    candidate = Solution(
        format=SOLUTION_FORMAT,
        round=code,
        status="feasible",
        assignments=tuple(
            Assignment(request=request, instrument=instrument, blocks=tuple(sorted(runs)))
            for (request, instrument), runs in sorted(by_request.items())
        ),
    )
    with database.transaction() as session:
        job = session.get(SolveJob, job_id)
        assert job is not None
        job.status = JobStatus.SUCCEEDED.value
        job.solution_status = "feasible"
        job.solution_json = dump_document(candidate)
        job.finished_at = utc_now()
    return job_id


def holding_blocks(database: Database, code: str = "R-1") -> set[Block]:
    """The round's holding bookings as blocks."""
    return {
        (b.request.code, b.instrument.code, b.start, b.length)
        for b in bookings(database, code)
        if b.status in {s.value for s in HOLDING_STATUSES}
    }


def bookings(database: Database, code: str = "R-1") -> list[Booking]:
    """Every booking of the round, with request and instrument loaded."""
    from sqlalchemy.orm import selectinload

    with database.transaction() as session:
        round_id = session.scalar(select(Round.id).where(Round.code == code))
        found = session.scalars(
            select(Booking)
            .options(selectinload(Booking.request), selectinload(Booking.instrument))
            .where(Booking.round_id == round_id)
        ).all()
        session.expunge_all()
    return list(found)


def counters_are_true(database: Database, code: str = "R-1") -> bool:
    """Whether every shift counter equals the holding bookings on it (of every round, round
    `code`'s among them), none above its capacity."""
    with database.transaction() as session:
        assert session.scalar(select(Round.id).where(Round.code == code)) is not None
        return expected_counters(session) == held_counters(session)
