"""One round's view of the standing agreements it takes, and its adjusted thresholds.

A coordinator of the round may change an agreement's thresholds for that round alone
(`tolerance`, `min_ratio`, ...) until an allocation is published; the change is
stored with its reason beside the agreement, shown with the round's agreements, and
audited. Nothing of the agreement itself changes.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.agreements.in_force import TakenAgreement, taken_agreements
from api.agreements.standing_repository import StandingAgreementRepository
from api.agreements.standing_rules import THRESHOLDS, checked_terms
from api.agreements.standing_schemas import AdjustmentWrite, RoundAgreementRead
from api.agreements.standing_service import standing_policy, standing_read
from api.audit.log import record
from api.auth.principal import Principal
from api.claims import claim_unique
from api.errors import FieldProblem, InvalidInputError, NotFoundError
from api.rounds.lifecycle import require_state
from api.rounds.service import get_run_round
from api.rounds.states import RoundAction, states_allowing
from models.orm import AgreementAdjustment

ADJUSTABLE_STATES = states_allowing(RoundAction.ADJUST_AGREEMENTS)
"""A round's thresholds are its own until its allocation is published."""


def round_agreement_read(taken: TakenAgreement) -> RoundAgreementRead:
    """A taken agreement's view."""
    return RoundAgreementRead(
        code=taken.agreement.code,
        type=taken.agreement.kind,
        agreement=standing_read(taken.agreement),
        changes=dict(taken.adjustment.changes) if taken.adjustment else {},
        reason=taken.adjustment.reason if taken.adjustment else "",
        policy=taken.policy,
    )


class AdjustmentService:
    """A round's standing agreements and their adjustments, for one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def list_taken(self, round_code: str) -> list[TakenAgreement]:
        """The standing agreements the round takes, as its instance carries them.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        return taken_agreements(self.session, round_)

    def adjust(self, round_code: str, code: str, body: AdjustmentWrite) -> TakenAgreement:
        """Set the round's thresholds of one agreement it takes (replacing earlier ones).

        Raises:
            NotFoundError: the round does not take this agreement.
            ForbiddenError, LifecycleConflictError: published or closed.
            InvalidInputError: a field that is no threshold of the kind, or a policy that
                breaks the format's rules once adjusted.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, ADJUSTABLE_STATES, "adjusting an agreement")
        taken = {t.agreement.code: t for t in taken_agreements(self.session, round_)}
        if code not in taken:
            raise NotFoundError(f"round {round_code} does not take an agreement {code}")
        agreement = taken[code].agreement
        changes: dict[str, float | None] = {str(k): v for k, v in body.changes.items()}
        foreign = sorted(set(changes) - THRESHOLDS[agreement.kind])
        if foreign:
            raise InvalidInputError(
                "not thresholds of this kind of agreement",
                errors=[
                    FieldProblem(f"body.changes.{field}", f"not a threshold of a {agreement.kind}")
                    for field in foreign
                ],
            )
        document = standing_policy(agreement) | changes
        checked_terms(self.session, {k: v for k, v in document.items() if v is not None})
        repository = StandingAgreementRepository(self.session)
        adjustment = repository.adjustments_of_round(round_.id).get(agreement.id)
        if adjustment is None:
            with claim_unique(self.session, f"{code} was adjusted for {round_code} meanwhile"):
                repository.add_adjustment(
                    AgreementAdjustment(
                        round_id=round_.id,
                        agreement_id=agreement.id,
                        changes=changes,
                        reason=body.reason,
                        changed_by=self.principal.name,
                    )
                )
        else:
            adjustment.changes = changes
            adjustment.reason = body.reason
            adjustment.changed_by = self.principal.name
            self.session.flush()
        record(
            self.session,
            self.principal,
            "agreement.adjust",
            "standing_agreement",
            code,
            round_code=round_code,
            detail={"changes": changes, "reason": body.reason},
        )
        return {t.agreement.code: t for t in taken_agreements(self.session, round_)}[code]
