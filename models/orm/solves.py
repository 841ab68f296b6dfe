"""Solve jobs and the allocations they (or imports) produce.

A job's state lives here and nowhere else: the API writes `queued`, a worker
writes `running`, heartbeats and progress, and finally the result (allocation
rows and the solution document) in one transaction; a supervisor writes `failed`
for a job whose worker died.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, utc_now
from models.orm.facilities import NAME_LENGTH, Instrument
from models.orm.proposals import Request
from models.orm.rounds import Round


class JobStatus(StrEnum):
    """Life of a solve job: `queued -> running -> succeeded | failed | cancelled`."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED_JOB_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class JobPurpose(StrEnum):
    """Why a job solves: for the round's allocation, or for a what-if or a re-plan of a
    published round (neither makes an allocation)."""

    SOLVE = "solve"
    WHATIF = "whatif"
    REPLAN = "replan"


class SolveJob(Timestamped, Base):
    """One solve of a round's exported instance (kept in `instance_json`, a snapshot taken
    by the worker when it starts the job; None while the job is queued)."""

    __tablename__ = "solve_jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
            name="status_known",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED.value, index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    backend: Mapped[str] = mapped_column(String(32), default="local")
    purpose: Mapped[str] = mapped_column(
        String(16), default=JobPurpose.SOLVE.value, server_default=JobPurpose.SOLVE.value
    )
    instance_json: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    cancel_requested_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    worker_host: Mapped[str | None] = mapped_column(String(255))
    worker_pid: Mapped[int | None]
    objective: Mapped[float | None]
    bound: Mapped[float | None]
    gap: Mapped[float | None]
    elapsed: Mapped[float | None]
    solution_status: Mapped[str | None] = mapped_column(String(16))
    solution_json: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    replan_mode: Mapped[str | None] = mapped_column(String(16))
    """A re-plan's mode, `revise` or `backfill` (None for other jobs)."""
    baseline_fingerprint: Mapped[str | None] = mapped_column(String(64))
    """A re-plan's: the digest of its round's bookings when it started (`api.replans`)."""
    accepted_at: Mapped[datetime | None]
    """When a re-plan's candidate was applied to the bookings (None: not applied)."""
    accepted_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))

    round: Mapped[Round] = relationship(lazy="raise")
    progress: Mapped[list[SolveProgress]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SolveProgress.id"
    )


class SolveProgress(Base):
    """An improving solution reported during a solve (seconds since its start)."""

    __tablename__ = "solve_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id", ondelete="CASCADE"), index=True)
    seconds: Mapped[float]
    objective: Mapped[float]
    bound: Mapped[float | None]
    gap: Mapped[float | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class AllocationState(StrEnum):
    """A candidate allocation becomes `accepted` (the round's), then `superseded`."""

    CANDIDATE = "candidate"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"


class Allocation(Timestamped, Base):
    """A checked solution of a round, from a solve job or an imported document.

    At most one allocation per round is `accepted`: a partial unique index makes
    the database refuse a second one.
    """

    __tablename__ = "allocations"
    __table_args__ = (
        CheckConstraint("state IN ('candidate', 'accepted', 'superseded')", name="state_known"),
        Index(
            "uq_allocations_one_accepted_per_round",
            "round_id",
            unique=True,
            sqlite_where=text("state = 'accepted'"),
            postgresql_where=text("state = 'accepted'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("solve_jobs.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=AllocationState.CANDIDATE.value)
    solution_status: Mapped[str] = mapped_column(String(16))
    objective: Mapped[float | None]
    bound: Mapped[float | None]
    solution_json: Mapped[str] = mapped_column(Text)
    instance_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))

    awards: Mapped[list[Award]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="Award.id"
    )


class Award(Base):
    """An awarded request of an allocation: its instrument and blocks `[start, length]`."""

    __tablename__ = "awards"
    __table_args__ = (UniqueConstraint("allocation_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[str] = mapped_column(
        ForeignKey("allocations.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    blocks: Mapped[list[list[int]]] = mapped_column(JSON)

    request: Mapped[Request] = relationship(lazy="raise")
    instrument: Mapped[Instrument] = relationship(lazy="raise")
