"""Rules for re-plans: the round's coordinators start them on a published round; each is
a solve job (`purpose = "replan"`, never an allocation) of the re-plan instance built from
the bookings, with a digest of those bookings (`api.replans.baseline`); its candidate is
shown as a difference against them, and accepted once, in one transaction, while the
bookings are still the ones it revised (`api.replans.difference` says what changes).

Groups read a re-plan of a round they see, cut down to their own requests' changes;
nothing of other groups, agreements or value is shown to them.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.db import after_commit
from api.errors import (
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    LifecycleConflictError,
    NotFoundError,
    StaleReplanError,
)
from api.jobs.backend import JobBackend
from api.replans.acceptance import apply_difference
from api.replans.baseline import baseline_fingerprint
from api.replans.difference import (
    CandidateBeforeNowError,
    Difference,
    HeldBooking,
    booking_difference,
)
from api.replans.figures import agreement_figures, value_recovered
from api.replans.instance import build_replan
from api.replans.repository import ReplanRepository
from api.replans.schemas import ReplanAcceptRead, ReplanCreate, ReplanRead
from api.rounds.access import can_run
from api.rounds.lifecycle import require_state
from api.rounds.service import get_run_round, get_visible_round
from api.rounds.states import RoundAction, states_allowing
from api.settings import Settings
from models.exchange import Instance, Solution, dump_document, parse_instance, parse_solution
from models.exchange.replan import DEFAULT_CHANGE_WEIGHT
from models.exchange.solution import RevisionReport
from models.orm import (
    HOLDING_STATUSES,
    Booking,
    JobPurpose,
    JobStatus,
    Round,
    SolveJob,
    utc_now,
)
from scheduler.replan.build import shift_at
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
        instance = build_replan(
            self.session, round_, body.now, utc_now(), body.change_weight, body.mode
        )
        assert instance.replan is not None  # built with one
        weight = instance.replan.change_weight
        bookings = self.repository.bookings_of_round(round_.id)
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
            replan_mode=body.mode,
            baseline_fingerprint=baseline_fingerprint(self.session, round_, bookings),
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
            detail={"now": instance.replan.now, "mode": body.mode, "change_weight": weight},
        )
        return job

    def get(self, job_id: str) -> SolveJob:
        """A re-plan job of a round the caller sees: its coordinators, or a group.

        Raises:
            NotFoundError: missing, or of a round the caller does not see.
            ForbiddenError: a reviewer.
        """
        job = self.repository.job(job_id)
        if job is None:
            raise NotFoundError(f"no re-plan {job_id}")
        round_ = get_visible_round(self.session, self.principal, job.round.code)
        if not can_run(self.principal, round_) and self.principal.role is not Role.PROPOSER:
            raise ForbiddenError("reviewers do not see re-plans")
        return job

    def read(self, job: SolveJob) -> ReplanRead:
        """The job's view, with the candidate's difference once it succeeded; for a group,
        only its own requests' changes.

        A job without a candidate yet (queued, running, failed) is read from the few
        fields its view needs: clients poll a running re-plan, and validating a large
        round's instance at every poll would cost a second each time.
        """
        # A re-plan job is created with its instance (never a worker's snapshot).
        assert job.instance_json is not None
        runs = can_run(self.principal, job.round)
        solution = _candidate(job)
        if solution is None:
            # The stored instance was validated before it was stored (`dump_document`).
            replan = json.loads(job.instance_json)["replan"]
            weight = float(replan.get("change_weight", DEFAULT_CHANGE_WEIGHT))
            # Nothing to accept yet, so no staleness: comparing every booking at each poll.
            return self._replan_read(job, runs, weight, int(replan["now"]))
        instance = parse_instance(job.instance_json)
        assert instance.replan is not None  # every re-plan job has one
        report = revision_report(instance, solution)
        groups = self.repository.groups_of_requests(job.round_id)
        if not runs:
            own = {r for r, group in groups.items() if group == self.principal.group}
            report = _cut_to(report, own, instance, solution)
        per_group = Counter(groups.get(c.request, "") for c in report.changes)
        return self._replan_read(
            job,
            runs,
            instance.replan.change_weight,
            instance.replan.now,
            kept=report.kept,
            moved=report.moved,
            shortened=report.shortened,
            dropped=report.dropped,
            new=report.new,
            changes=[c.model_dump(mode="json") for c in report.changes],
            time_back=[t.model_dump(mode="json") for t in report.time_back],
            changes_per_group=dict(sorted(per_group.items())),
            agreements=agreement_figures(instance, solution) if runs else [],
            value=value_recovered(instance, solution) if runs else None,
            stale=self._is_stale(job) if runs else None,
        )

    def _replan_read(
        self, job: SolveJob, runs: bool, change_weight: float, now: int, **candidate: Any
    ) -> ReplanRead:
        """The job's fields, with what its `candidate` adds (none: no difference yet)."""
        empty: dict[str, Any] = {
            "kept": None,
            "moved": None,
            "shortened": None,
            "dropped": None,
            "new": None,
            "changes": [],
            "time_back": [],
            "changes_per_group": {},
        }
        return ReplanRead(
            id=job.id,
            round=job.round.code,
            status=job.status,
            mode=job.replan_mode or "revise",
            change_weight=change_weight,
            now=now,
            created_by=job.created_by,
            created_at=job.created_at,
            finished_at=job.finished_at,
            error=job.error,
            solution_status=job.solution_status,
            objective=job.objective if runs else None,
            accepted_at=job.accepted_at,
            accepted_by=job.accepted_by,
            **(empty | candidate),
        )

    def _is_stale(self, job: SolveJob) -> bool:
        bookings = self.repository.bookings_of_round(job.round_id)
        return baseline_fingerprint(self.session, job.round, bookings) != job.baseline_fingerprint

    def accept(self, job_id: str) -> ReplanAcceptRead:
        """Apply the candidate to the bookings, in the caller's transaction: moved and
        shortened bookings keep their ids with a new version, confirmed ones that moved ask
        for confirmation again, dropped ones are cancelled with the reason, new blocks
        become bookings, every change audited (`api.replans.acceptance`).

        Raises:
            NotFoundError, ForbiddenError: not a coordinator of the round.
            LifecycleConflictError: the round is not published, the job has no candidate
                (not succeeded, or infeasible), or it was accepted already.
            StaleReplanError: a booking, a loss or a closed period of the round changed
                since the re-plan started, or the candidate changes shifts begun since.
            CapacityExceededError: should a shift overflow (nothing is applied).
        """
        job = self.repository.job(job_id, lock=True)
        if job is None:
            raise NotFoundError(f"no re-plan {job_id}")
        # The round locked for update: no outage, booking by hand or other accept meanwhile.
        round_ = get_run_round(self.session, self.principal, job.round.code, lock="update")
        require_state(round_.state, REPLAN_STATES, "accepting a re-plan")
        if job.accepted_at is not None:
            raise LifecycleConflictError(
                f"re-plan {job_id} was accepted at {job.accepted_at.isoformat()} by "
                f"{job.accepted_by}; start a new re-plan to revise the bookings again"
            )
        solution = _candidate(job)
        if solution is None:
            raise LifecycleConflictError(
                f"re-plan {job_id} has no candidate to accept (status {job.status}"
                + (f", solution {job.solution_status})" if job.solution_status else ")")
            )
        assert job.instance_json is not None  # every re-plan job has its instance
        instance = parse_instance(job.instance_json)
        assert instance.replan is not None  # every re-plan job has one
        bookings = self.repository.bookings_of_round(round_.id, lock=True)
        if baseline_fingerprint(self.session, round_, bookings) != job.baseline_fingerprint:
            raise StaleReplanError(
                f"the bookings of round {round_.code} changed since re-plan {job_id} started; "
                "start a new re-plan",
                errors=[
                    FieldProblem(
                        f"bookings[{b.id}]",
                        f"version {b.version}, {b.status}, changed by {b.changed_by} at "
                        f"{b.updated_at.isoformat()}",
                    )
                    for b in bookings
                    if b.updated_at >= job.created_at
                ],
            )
        difference = self._difference(round_, instance, solution, bookings)
        applied = apply_difference(
            self.session, self.principal, round_, bookings, difference, job.id
        )
        job.accepted_at = utc_now()
        job.accepted_by = self.principal.name
        self.session.flush()
        record(
            self.session,
            self.principal,
            "replan.accept",
            "replan",
            job.id,
            round_code=round_.code,
            detail={
                "changed": applied.changed,
                "dropped": applied.dropped,
                "new": len(applied.made),
                "asked_again": len(applied.asked_again),
            },
        )
        return ReplanAcceptRead(
            replan=job.id,
            accepted_at=job.accepted_at,
            accepted_by=self.principal.name,
            changed=applied.changed,
            dropped=applied.dropped,
            new_bookings=list(applied.made),
            asked_again=list(applied.asked_again),
        )

    def _difference(
        self, round_: Round, instance: Instance, solution: Solution, bookings: Sequence[Booking]
    ) -> Difference:
        """The booking changes of the candidate, refused if any touches a begun shift."""
        assert instance.replan is not None  # a re-plan instance
        now = instance.replan.now
        losses = {loss.booking_id for loss in self.repository.losses_of_round(round_.id)}
        held = [
            HeldBooking(b.id, b.request.code, b.instrument.code, b.start, b.length, b.id in losses)
            for b in bookings
            if b.status in {status.value for status in HOLDING_STATUSES}
        ]
        try:
            difference = booking_difference(held, solution, now)
        except CandidateBeforeNowError as error:
            raise StaleReplanError(f"the candidate cannot be applied: {error}") from None
        begun = shift_at(instance.round, utc_now(), round_up=True)
        if begun > now:
            by_id = {b.id: b for b in bookings}
            starts = [max(by_id[c.booking].start, now) for c in difference.changed]
            starts += [b.start for b in difference.new]
            starts += [max(by_id[d].start, now) for d in difference.dropped]
            if any(start < begun for start in starts):
                raise StaleReplanError(
                    f"the re-plan revises the round from shift {now}, but shifts up to "
                    f"{begun - 1} have begun since; start a new re-plan"
                )
        return difference


def _candidate(job: SolveJob) -> Solution | None:
    """The job's candidate, once it succeeded with a schedule."""
    if job.status != JobStatus.SUCCEEDED.value or not job.solution_json:
        return None
    solution = parse_solution(job.solution_json)
    return solution if solution.status in ("optimal", "feasible") else None


GROUP_WORDS = {
    "lost-time": "it touched lost time",
    "no-longer-possible": "no revision could keep it",
    "made-room": "its shifts went to other requests",
    "objective": "the revision is worth more than the change costs",
}
"""Why a group's block changed, without naming other groups' requests."""


def _cut_to(
    report: RevisionReport, own: set[str], instance: Instance, solution: Solution | None
) -> RevisionReport:
    """The report of the group's own requests only, its messages naming no other request."""
    assert instance.replan is not None  # a re-plan instance
    changes = tuple(
        change.model_copy(
            update={"message": f"{change.message.split(': ', 1)[0]}: {GROUP_WORDS[change.cause]}"}
        )
        for change in report.changes
        if change.request in own
    )
    baseline = {
        (item.request, item.instrument, start, length)
        for item in instance.replan.baseline
        for start, length in item.blocks
    }
    blocks = sum(len(item.blocks) for item in instance.replan.baseline if item.request in own)
    new = sum(
        (a.request, a.instrument, start, length) not in baseline
        for a in (solution.assignments if solution is not None else ())
        if a.request in own
        for start, length in a.blocks
    )
    kinds = [change.change for change in changes]
    return report.model_copy(
        update={
            "kept": blocks - len(changes),
            "moved": kinds.count("moved"),
            "shortened": kinds.count("shortened"),
            "dropped": kinds.count("dropped"),
            "new": new,
            "changes": changes,
            "time_back": tuple(t for t in report.time_back if t.request in own),
        }
    )
