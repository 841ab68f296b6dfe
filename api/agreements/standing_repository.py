"""SQL for standing agreements and their per-round adjustments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.orm import AgreementAdjustment, Country, Facility, StandingAgreement


class StandingAgreementRepository:
    """Reads and writes `standing_agreements` and `agreement_adjustments` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> Sequence[StandingAgreement]:
        """Every standing agreement, by code."""
        return self.session.scalars(
            select(StandingAgreement).order_by(StandingAgreement.code)
        ).all()

    def by_code(self, code: str, *, lock: bool = False) -> StandingAgreement | None:
        """One agreement (row-locked for an update when `lock`)."""
        query = select(StandingAgreement).where(StandingAgreement.code == code)
        return self.session.scalars(query.with_for_update() if lock else query).first()

    def in_force_at(self, moment: datetime) -> Sequence[StandingAgreement]:
        """Agreements whose period `[from, until)` contains `moment`, by code."""
        return self.session.scalars(
            select(StandingAgreement)
            .where(
                StandingAgreement.in_force_from <= moment,
                or_(
                    StandingAgreement.in_force_until.is_(None),
                    StandingAgreement.in_force_until > moment,
                ),
            )
            .order_by(StandingAgreement.code)
        ).all()

    def add(self, agreement: StandingAgreement) -> StandingAgreement:
        """Store a new agreement."""
        self.session.add(agreement)
        self.session.flush()
        return agreement

    def adjustments_of_round(self, round_id: int) -> dict[int, AgreementAdjustment]:
        """A round's adjustments by agreement id."""
        rows = self.session.scalars(
            select(AgreementAdjustment).where(AgreementAdjustment.round_id == round_id)
        ).all()
        return {row.agreement_id: row for row in rows}

    def add_adjustment(self, adjustment: AgreementAdjustment) -> AgreementAdjustment:
        """Store a round's first adjustment of an agreement."""
        self.session.add(adjustment)
        self.session.flush()
        return adjustment

    def facility_codes(self, codes: set[str]) -> set[str]:
        """Which of `codes` name facilities."""
        return set(self.session.scalars(select(Facility.code).where(Facility.code.in_(codes))))

    def facilities_hosted_by(self, countries: set[str]) -> set[str]:
        """Codes of the facilities hosted by these countries."""
        return set(
            self.session.scalars(
                select(Facility.code)
                .join(Country, Country.id == Facility.host_country_id)
                .where(Country.code.in_(countries))
            )
        )
