"""Rules for precedences: set by the round's coordinators while proposals may change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.errors import AlreadyExistsError, FieldProblem, InvalidInputError, NotFoundError
from api.proposals.repository import ProposalRepository
from api.proposals.schemas import PrecedenceCreate, PrecedenceRead
from api.proposals.service import RUNNER_EDIT_STATES
from api.rounds.lifecycle import require_state
from api.rounds.service import get_run_round
from models.exchange.rules import precedence_problems
from models.orm import Precedence


def precedence_read(precedence: Precedence) -> PrecedenceRead:
    """A precedence's view (its requests loaded)."""
    return PrecedenceRead(
        id=precedence.id,
        before=precedence.before.code,
        after=precedence.after.code,
        min_gap=precedence.min_gap,
    )


class PrecedenceService:
    """Precedences of rounds, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.proposals = ProposalRepository(session)

    def list_visible(
        self, round_code: str, limit: int, offset: int
    ) -> tuple[list[PrecedenceRead], int]:
        """A page of the round's precedences.

        Raises:
            NotFoundError, ForbiddenError (not a runner of the round).
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        rows = [precedence_read(row) for row in self.proposals.precedences(round_.id)]
        return rows[offset : offset + limit], len(rows)

    def create(self, round_code: str, body: PrecedenceCreate) -> PrecedenceRead:
        """Add a precedence between two requests of the round.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            InvalidInputError (unknown request, cycle),
            AlreadyExistsError.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, RUNNER_EDIT_STATES, "adding a precedence")
        requests = self.proposals.requests_by_codes(round_.id, [body.before, body.after])
        problems = [
            FieldProblem(f"body.{field}", f"no request {code} in round {round_code}")
            for field, code in (("before", body.before), ("after", body.after))
            if code not in requests
        ]
        if problems:
            raise InvalidInputError("the precedence has problems", errors=problems)
        existing = self.proposals.precedences(round_.id)
        if any(p.before.code == body.before and p.after.code == body.after for p in existing):
            raise AlreadyExistsError(f"{body.before} already precedes {body.after}")
        # The format's rule on the round's precedences and the new one: the stored ones
        # are acyclic, so any problem found is the new one's doing.
        pairs = [(p.before.code, p.after.code) for p in existing] + [(body.before, body.after)]
        refused = [
            FieldProblem("body.after", problem.message) for problem in precedence_problems(pairs)
        ]
        if refused:
            raise InvalidInputError("the precedence breaks the format's rules", errors=refused)
        precedence = self.proposals.add_precedence(
            Precedence(
                round_id=round_.id,
                before=requests[body.before],
                after=requests[body.after],
                min_gap=body.min_gap,
            )
        )
        record(
            self.session,
            self.principal,
            "precedence.create",
            "precedence",
            str(precedence.id),
            round_code=round_code,
            detail={"before": body.before, "after": body.after},
        )
        return precedence_read(precedence)

    def delete(self, round_code: str, precedence_id: int) -> None:
        """Remove a precedence.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        precedence = self.proposals.precedence(round_.id, precedence_id)
        if precedence is None:
            raise NotFoundError(f"no precedence {precedence_id} in round {round_code}")
        require_state(round_.state, RUNNER_EDIT_STATES, "removing a precedence")
        self.proposals.delete_precedence(precedence)
        record(
            self.session,
            self.principal,
            "precedence.delete",
            "precedence",
            str(precedence_id),
            round_code=round_code,
        )
