"""The standing agreements a round takes, and the policies its instance carries.

A round takes every standing agreement in force at its start that concerns its
facilities (`ledger.covers`). Its policy is the agreement's own, with the round's
adjusted thresholds laid over it, a contribution share's facilities narrowed to the
round's, and a reciprocity's `credit` or a contribution's `history` replaced by what the
ledger carries in from earlier rounds (`ledger.carried_in`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from api.agreements.ledger import carried_in, covers, ledger_entries
from api.agreements.standing_repository import StandingAgreementRepository
from api.agreements.standing_service import standing_policy
from api.rounds.repository import RoundRepository
from models.orm import AgreementAdjustment, Round, StandingAgreement, utc_now


@dataclass(frozen=True)
class TakenAgreement:
    """A standing agreement as one round takes it."""

    agreement: StandingAgreement
    adjustment: AgreementAdjustment | None
    policy: dict[str, Any]


def _round_policy(
    session: Session,
    agreement: StandingAgreement,
    adjustment: AgreementAdjustment | None,
    round_: Round,
    now: datetime,
) -> dict[str, Any]:
    policy = standing_policy(agreement) | (adjustment.changes if adjustment else {})
    policy = {key: value for key, value in policy.items() if value is not None}
    carried = carried_in(ledger_entries(session, agreement, now), agreement, round_)
    if agreement.kind == "contribution_share":
        round_facilities = {facility.code for facility in round_.facilities}
        policy["facilities"] = [f for f in policy["facilities"] if f in round_facilities]
        if carried:
            policy["history"] = carried
    else:
        policy["credit"] = carried
    return policy


def taken_agreements(
    session: Session, round_: Round, *, now: datetime | None = None
) -> list[TakenAgreement]:
    """The standing agreements the round takes, by code (the round's facilities and
    their hosts loaded)."""
    RoundRepository(session).facilities_with_calendars(round_)  # loads the facilities' hosts
    repository = StandingAgreementRepository(session)
    adjustments = repository.adjustments_of_round(round_.id)
    moment = now or utc_now()
    return [
        TakenAgreement(
            agreement,
            adjustments.get(agreement.id),
            _round_policy(session, agreement, adjustments.get(agreement.id), round_, moment),
        )
        for agreement in repository.in_force_at(round_.start)
        if covers(agreement, round_)
    ]
