"""Rules for allocations.

A candidate allocation comes from a finished solve job or from an imported
solution document; either way it was accepted by the checker against the round
as it was then. Accepting one makes it the round's allocation (`allocated`); it
is refused if the round has changed since (the snapshot no longer matches), so a
stale solve can never become the schedule. Publishing is a round transition
(`api.bookings.publishing`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.allocations.repository import AllocationRepository
from api.allocations.schemas import AllocationRead, AllocationSummary, AwardRead
from api.audit.log import record
from api.auth.principal import Principal, Role
from api.errors import (
    FieldProblem,
    ForbiddenError,
    InvalidDocumentError,
    NotFoundError,
    RoundInconsistentError,
    SolutionRejectedError,
)
from api.facilities.repository import FacilityRepository
from api.jobs.runner import check
from api.proposals.repository import ProposalRepository
from api.rounds.access import can_run
from api.rounds.instance import export_instance
from api.rounds.lifecycle import ACCEPTING_STATES, require_state
from api.rounds.service import get_run_round, get_visible_round
from api.rounds.states import RoundAction, states_allowing
from models.exchange import (
    DocumentError,
    Instance,
    Solution,
    dump_document,
    parse_instance,
    parse_solution,
)
from models.orm import Allocation, AllocationState, Award, Round, RoundState, utc_now

PUBLIC_STATES = states_allowing(RoundAction.SHOW_PUBLISHED)


def summary(allocation: Allocation, round_: Round) -> AllocationSummary:
    """An allocation's summary view."""
    return AllocationSummary(
        id=allocation.id,
        round=round_.code,
        source=allocation.source,
        job=allocation.job_id,
        state=AllocationState(allocation.state),
        solution_status=allocation.solution_status,
        objective=allocation.objective,
        bound=allocation.bound,
        created_by=allocation.created_by,
        created_at=allocation.created_at,
        accepted_at=allocation.accepted_at,
        accepted_by=allocation.accepted_by,
    )


def award_read(award: Award) -> AwardRead:
    """An award's view (request, proposal, group and instrument loaded)."""
    blocks = [(start, length) for start, length in award.blocks]
    return AwardRead(
        request=award.request.code,
        proposal=award.request.proposal.code,
        group=award.request.proposal.group.code,
        instrument=award.instrument.code,
        blocks=blocks,
        shifts=sum(length for _, length in blocks),
    )


class AllocationService:
    """Allocations of rounds, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.allocations = AllocationRepository(session)

    def list_visible(
        self, round_code: str, limit: int, offset: int
    ) -> tuple[Round, Sequence[Allocation], int]:
        """A page of the round's allocations (candidates, accepted, superseded).

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        rows, total = self.allocations.page(round_.id, limit, offset)
        return round_, rows, total

    def current(self, round_code: str) -> AllocationRead:
        """The round's accepted allocation: everything for its coordinators; a proposer's
        own awards once the round is published.

        Raises:
            NotFoundError: no visible round, or no allocation visible to the caller.
            ForbiddenError: reviewers.
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        runs = can_run(self.principal, round_)
        if not runs and self.principal.role is not Role.PROPOSER:
            raise ForbiddenError("reviewers do not see allocations")
        allocation = self.allocations.accepted(round_.id)
        if allocation is None or (not runs and round_.state not in PUBLIC_STATES):
            raise NotFoundError(f"round {round_code} has no allocation yet")
        awards = [award_read(award) for award in allocation.awards]
        if not runs:
            awards = [award for award in awards if self.principal.owns_group(award.group)]
        return AllocationRead(**summary(allocation, round_).model_dump(), awards=awards)

    def get(self, round_code: str, allocation_id: str) -> tuple[Round, Allocation]:
        """One allocation of a round the caller runs.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        allocation = self.allocations.by_id(round_.id, allocation_id)
        if allocation is None:
            raise NotFoundError(f"no allocation {allocation_id} in round {round_code}")
        return round_, allocation

    def accept(self, round_code: str, allocation_id: str) -> tuple[Round, Allocation]:
        """Make a candidate the round's allocation; the round becomes `allocated`.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            RoundInconsistentError: the round changed since the allocation was made.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="update")
        require_state(round_.state, ACCEPTING_STATES, "accepting an allocation")
        allocation = self.allocations.header(round_.id, allocation_id)
        if allocation is None:
            raise NotFoundError(f"no allocation {allocation_id} in round {round_code}")
        if allocation.state == AllocationState.ACCEPTED.value:
            return round_, allocation
        if not _same_instance(export_instance(self.session, round_), allocation.instance_json):
            raise RoundInconsistentError(
                f"round {round_code} changed after allocation {allocation_id} was made; solve again"
            )
        self._make_accepted(round_, allocation)
        record(
            self.session,
            self.principal,
            "allocation.accept",
            "allocation",
            allocation.id,
            round_code=round_code,
            detail={"source": allocation.source},
        )
        return round_, allocation

    def _make_accepted(self, round_: Round, allocation: Allocation) -> None:
        self.allocations.supersede_accepted(round_.id)
        self.session.flush()
        allocation.state = AllocationState.ACCEPTED.value
        allocation.accepted_at = utc_now()
        allocation.accepted_by = self.principal.name
        round_.state = RoundState.ALLOCATED
        self.session.flush()

    def import_solution(self, round_code: str, raw: bytes) -> tuple[Round, Allocation]:
        """Check a solution document against the round and accept it as its allocation.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, RoundInconsistentError,
            InvalidDocumentError: the document is not a valid solution,
            SolutionRejectedError: the checker finds breaches (each with its path).
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="update")
        require_state(round_.state, ACCEPTING_STATES, "accepting an allocation")
        instance = export_instance(self.session, round_)
        try:
            solution = parse_solution(raw)
        except DocumentError as error:
            raise InvalidDocumentError(
                f"the solution has {len(error.problems)} problem(s)",
                errors=[FieldProblem(p.path or "(document)", p.message) for p in error.problems],
            ) from None
        breaches = check(instance, solution)
        if breaches:
            raise SolutionRejectedError(
                f"the checker found {len(breaches)} breach(es)",
                errors=[_breach_problem(line) for line in breaches],
            )
        if solution.status not in ("optimal", "feasible"):
            raise SolutionRejectedError(f"a {solution.status} solution awards nothing to accept")
        allocation = self.allocations.add(
            self._allocation(round_, instance_json=dump_document(instance), solution=solution)
        )
        self._make_accepted(round_, allocation)
        record(
            self.session,
            self.principal,
            "allocation.import",
            "allocation",
            allocation.id,
            round_code=round_code,
            detail={"objective": solution.objective},
        )
        return round_, allocation

    def _allocation(self, round_: Round, *, instance_json: str, solution: Solution) -> Allocation:
        requests = ProposalRepository(self.session).requests_by_codes(
            round_.id, [a.request for a in solution.assignments]
        )
        instruments = FacilityRepository(self.session).instruments_by_codes(
            [a.instrument for a in solution.assignments]
        )
        return Allocation(
            id=str(uuid.uuid4()),
            round_id=round_.id,
            source="import",
            state=AllocationState.CANDIDATE.value,
            solution_status=solution.status,
            objective=solution.objective,
            bound=solution.bound,
            solution_json=dump_document(solution),
            instance_json=instance_json,
            created_by=self.principal.name,
            awards=[
                Award(
                    request_id=requests[a.request].id,
                    instrument_id=instruments[a.instrument].id,
                    blocks=[list(block) for block in a.blocks],
                )
                for a in solution.assignments
            ],
        )


def _same_instance(current: Instance, snapshot: str) -> bool:
    """Whether the round as it is now is the instance of a snapshot.

    Compared as JSON values, which avoids encoding 5 MB of indented JSON at 10,000
    proposals: a snapshot is a `dump_document` text, so it loads to exactly the
    current instance's JSON form when nothing changed. Only when they differ is the
    snapshot parsed and normalised, in case it was written differently.
    """
    current_json = current.model_dump(mode="json", exclude_none=True)
    if json.loads(snapshot) == current_json:
        return True
    return parse_instance(snapshot).model_dump(mode="json", exclude_none=True) == current_json


def _breach_problem(line: str) -> FieldProblem:
    path, _, message = line.partition(": ")
    return FieldProblem(path, message) if message else FieldProblem("(solution)", line)
