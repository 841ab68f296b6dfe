"""Rules for re-plans: the round's coordinators start them on a published round; each is
a solve job (`purpose = "replan"`, never an allocation) of the re-plan instance built from
the bookings; its candidate is shown as a difference against them."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.db import after_commit
from api.errors import FieldProblem, InvalidInputError, NotFoundError
from api.jobs.backend import JobBackend
from api.replans.instance import build_replan
from api.replans.repository import ReplanRepository
from api.replans.schemas import ReplanCreate, ReplanRead
from api.rounds.lifecycle import require_state
from api.rounds.service import get_run_round
from api.rounds.states import RoundAction, states_allowing
from api.settings import Settings
from models.exchange import dump_document, parse_instance, parse_solution
from models.exchange.replan import DEFAULT_CHANGE_WEIGHT
from models.orm import JobPurpose, JobStatus, SolveJob, utc_now
from scheduler.replan.changes import revision_report

REPLAN_STATES = states_allowing(RoundAction.REPLAN)
"""A re-plan revises a published schedule."""


class ReplanService:
    """Re-plans, as seen and started by one caller."""

    def __init__(
        self, session: Session, principal: Principal, settings: Settings, jobs: JobBackend
    ) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.jobs = jobs
        self.repository = ReplanRepository(session)

    def start(self, round_code: str, body: ReplanCreate) -> SolveJob:
        """Build the re-plan instance from the bookings now and queue its solve.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError: not published.
            RoundInconsistentError: the round or its bookings cannot be exported.
            InvalidInputError: `now` outside the round, or a time limit above the maximum.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, REPLAN_STATES, "a re-plan")
        if body.time_limit > self.settings.max_solve_seconds:
            raise InvalidInputError(
                "the time limit is too long",
                errors=[
                    FieldProblem(
                        "body.time_limit", f"at most {self.settings.max_solve_seconds:g} s here"
                    )
                ],
            )
        weight = DEFAULT_CHANGE_WEIGHT if body.change_weight is None else body.change_weight
        instance = build_replan(self.session, round_, body.now, utc_now(), weight)
        assert instance.replan is not None  # built with one
        job = SolveJob(
            id=str(uuid.uuid4()),
            round_id=round_.id,
            status=JobStatus.QUEUED.value,
            params={
                "method": "cpsat",
                "time_limit": body.time_limit,
                "workers": body.workers,
                "seed": body.seed,
                "deterministic": False,
            },
            backend=self.jobs.name,
            purpose=JobPurpose.REPLAN.value,
            instance_json=dump_document(instance),
            created_by=self.principal.name,
            round=round_,
            progress=[],
        )
        self.session.add(job)
        self.session.flush()
        jobs, job_id = self.jobs, job.id
        after_commit(self.session, lambda: jobs.submit(job_id))
        record(
            self.session,
            self.principal,
            "replan.start",
            "replan",
            job.id,
            round_code=round_code,
            detail={"now": instance.replan.now, "change_weight": weight},
        )
        return job

    def get(self, job_id: str) -> SolveJob:
        """A re-plan job of a round the caller runs.

        Raises:
            NotFoundError: missing, or of a round the caller does not see.
            ForbiddenError: of a round the caller sees but does not run.
        """
        job = self.repository.job(job_id)
        if job is None:
            raise NotFoundError(f"no re-plan {job_id}")
        get_run_round(self.session, self.principal, job.round.code)
        return job

    def read(self, job: SolveJob) -> ReplanRead:
        """The job's view, with the candidate's difference once it succeeded."""
        # A re-plan job is created with its instance (never a worker's snapshot).
        assert job.instance_json is not None
        instance = parse_instance(job.instance_json)
        assert instance.replan is not None  # every re-plan job has one
        report = None
        if job.status == JobStatus.SUCCEEDED.value and job.solution_json:
            solution = parse_solution(job.solution_json)
            if solution.status in ("optimal", "feasible"):
                report = revision_report(instance, solution)
        groups = self.repository.groups_of_requests(job.round_id)
        per_group = Counter(groups.get(c.request, "") for c in report.changes) if report else {}
        return ReplanRead(
            id=job.id,
            round=job.round.code,
            status=job.status,
            now=instance.replan.now,
            created_by=job.created_by,
            created_at=job.created_at,
            finished_at=job.finished_at,
            error=job.error,
            solution_status=job.solution_status,
            objective=job.objective,
            kept=report.kept if report else None,
            moved=report.moved if report else None,
            shortened=report.shortened if report else None,
            dropped=report.dropped if report else None,
            new=report.new if report else None,
            changes=[c.model_dump(mode="json") for c in report.changes] if report else [],
            time_back=[t.model_dump(mode="json") for t in report.time_back] if report else [],
            changes_per_group=dict(sorted(per_group.items())),
        )
