"""Rules for what-if studies.

The round's coordinators (and admins) start and read studies. Starting one exports
the round, applies each variant to that snapshot, and stores one `queued` solve job
per case (the base, each variant and, when pricing, the round without each policy),
all with `purpose = "whatif"` so that none makes an allocation; the jobs go to the
job backend once the transaction has committed, so with Dramatiq several workers
solve them side by side. Reading a study gathers the solutions finished so far into
a `beamtime-whatif/1` report. A study never changes its round.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.db import after_commit
from api.errors import FieldProblem, InvalidInputError, NotFoundError
from api.jobs.backend import JobBackend
from api.rounds.access import can_run
from api.rounds.instance import export_instance
from api.rounds.lifecycle import SOLVABLE_STATES, require_state
from api.rounds.service import get_run_round
from api.settings import Settings
from api.whatifs.repository import WhatIfRepository
from api.whatifs.schemas import WhatIfCaseRead, WhatIfCreate, WhatIfRead
from models.exchange import DocumentError, Instance, dump_document
from models.exchange.problems import problems_of
from models.exchange.variant import Variant, apply_variant
from models.orm import (
    FINISHED_JOB_STATUSES,
    JobPurpose,
    JobStatus,
    SolveJob,
    WhatIf,
    WhatIfCase,
)
from scheduler.whatif.cases import study_cases
from scheduler.whatif.gather import gather_report


class WhatIfService:
    """What-if studies, as seen and started by one caller."""

    def __init__(
        self, session: Session, principal: Principal, settings: Settings, jobs: JobBackend
    ) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.jobs = jobs
        self.repository = WhatIfRepository(session)

    def start(self, round_code: str, body: WhatIfCreate) -> WhatIf:
        """Queue one solve job per case of the study.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError (round not solvable),
            RoundInconsistentError (unscored proposals), InvalidInputError (a variant
            with an error, at `body.variants[i]...`, or a time limit above the maximum).
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, SOLVABLE_STATES, "a what-if")
        if body.time_limit > self.settings.max_solve_seconds:
            raise InvalidInputError(
                "the time limit is too long",
                errors=[
                    FieldProblem(
                        "body.time_limit", f"at most {self.settings.max_solve_seconds:g} s here"
                    )
                ],
            )
        variants = parse_variants(body.variants)
        instance = export_instance(self.session, round_)
        cases = variant_cases(instance, variants, price=body.price)
        params = {
            "method": "cpsat",
            "time_limit": body.time_limit,
            "workers": body.workers,
            "seed": body.seed,
            "deterministic": False,
        }
        whatif = WhatIf(
            id=str(uuid.uuid4()),
            round_id=round_.id,
            created_by=self.principal.name,
            price=body.price,
            params=params,
            variants=[v.model_dump(mode="json", exclude_unset=True) for v in variants],
            round=round_,
            cases=[],
        )
        jobs = []
        for position, (key, kind, subject, case_instance) in enumerate(cases):
            job = SolveJob(
                id=str(uuid.uuid4()),
                round_id=round_.id,
                status=JobStatus.QUEUED.value,
                params=params,
                backend=self.jobs.name,
                purpose=JobPurpose.WHATIF.value,
                instance_json=dump_document(case_instance),
                created_by=self.principal.name,
                round=round_,
                progress=[],
            )
            self.session.add(job)
            jobs.append(job)
            whatif.cases.append(
                WhatIfCase(position=position, key=key, kind=kind, subject=subject, job=job)
            )
        self.repository.add(whatif)
        for job in jobs:
            after_commit(self.session, _submission(self.jobs, job.id))
        record(
            self.session,
            self.principal,
            "whatif.start",
            "whatif",
            whatif.id,
            round_code=round_code,
            detail={"variants": [v.id for v in variants], "price": body.price, **params},
        )
        return whatif

    def get(self, whatif_id: str) -> WhatIf:
        """One study of a round the caller runs.

        Raises:
            NotFoundError: missing, or the caller does not run its round.
        """
        whatif = self.repository.by_id(whatif_id)
        if whatif is None or not can_run(self.principal, whatif.round):
            raise NotFoundError(f"no what-if {whatif_id}")
        return whatif

    def list_visible(
        self, round_code: str, limit: int, offset: int
    ) -> tuple[Sequence[WhatIf], int]:
        """A page of the round's studies, newest first.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        return self.repository.page(round_.id, limit, offset)

    def view(self, whatif: WhatIf, *, with_report: bool = True) -> WhatIfRead:
        """The study's view; with `with_report`, the report of its finished cases."""
        # A what-if job is created with its variant's instance (never a worker snapshot).
        finished = {
            case.key: (case.kind, case.subject, case.job.instance_json, case.job.solution_json)
            for case in whatif.cases
            if case.job.solution_json is not None and case.job.instance_json is not None
        }
        variants = [Variant.model_validate(v) for v in whatif.variants]
        report = gather_report(finished, variants) if with_report else None
        return WhatIfRead(
            id=whatif.id,
            round=whatif.round.code,
            created_by=whatif.created_by,
            created_at=whatif.created_at,
            price=whatif.price,
            params=dict(whatif.params),
            finished=all(
                JobStatus(case.job.status) in FINISHED_JOB_STATUSES for case in whatif.cases
            ),
            cases=[
                WhatIfCaseRead(
                    key=case.key,
                    kind=case.kind,
                    subject=case.subject,
                    job=case.job.id,
                    status=JobStatus(case.job.status),
                    objective=case.job.objective,
                    bound=case.job.bound,
                    gap=case.job.gap,
                    elapsed=case.job.elapsed,
                )
                for case in whatif.cases
            ],
            report=report,
        )


def parse_variants(documents: list[dict[str, object]]) -> list[Variant]:
    """The variant documents of a request, each validated on its own.

    Raises:
        InvalidInputError: every problem, at `body.variants[i].PATH`.
    """
    problems: list[FieldProblem] = []
    variants: list[Variant] = []
    seen: set[str] = set()
    for number, document in enumerate(documents):
        try:
            variant = Variant.model_validate(document)
        except ValidationError as error:
            problems.extend(_located(number, p.path, p.message) for p in problems_of(error))
            continue
        if variant.id in seen:
            problems.append(_located(number, "id", f"another variant has the id {variant.id!r}"))
        seen.add(variant.id)
        variants.append(variant)
    if problems:
        raise InvalidInputError("a variant has errors", errors=problems)
    return variants


def variant_cases(
    instance: Instance, variants: Sequence[Variant], *, price: bool
) -> list[tuple[str, str, str, Instance]]:
    """(key, kind, subject, instance) of every case: base, variants, rounds without a policy.

    Raises:
        InvalidInputError: a variant does not fit the round (at `body.variants[i].PATH`).
    """
    problems: list[FieldProblem] = []
    for number, variant in enumerate(variants):
        try:
            apply_variant(instance, variant)
        except DocumentError as error:
            problems.extend(_located(number, p.path, p.message) for p in error.problems)
    if problems:
        raise InvalidInputError("a variant does not fit the round", errors=problems)
    return [
        (case.key, case.kind, case.subject, case.instance)
        for case in study_cases(instance, variants, price=price)
    ]


def _submission(jobs: JobBackend, job_id: str) -> Callable[[], None]:
    """A callback handing one job to the backend (each job its own closure)."""
    return lambda: jobs.submit(job_id)


def _located(number: int, path: str, message: str) -> FieldProblem:
    return FieldProblem(f"body.variants[{number}]" + (f".{path}" if path else ""), message)
