"""SQL for agreements."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import Agreement


class AgreementRepository:
    """Reads and writes `agreements` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of_round(self, round_id: int) -> Sequence[Agreement]:
        """A round's agreements by code."""
        return self.session.scalars(
            select(Agreement).where(Agreement.round_id == round_id).order_by(Agreement.code)
        ).all()

    def by_code(self, round_id: int, code: str) -> Agreement | None:
        """One agreement of a round."""
        return self.session.scalars(
            select(Agreement).where(Agreement.round_id == round_id, Agreement.code == code)
        ).first()

    def add(self, agreement: Agreement) -> Agreement:
        """Store a new agreement."""
        self.session.add(agreement)
        self.session.flush()
        return agreement

    def delete(self, agreement: Agreement) -> None:
        """Remove an agreement."""
        self.session.delete(agreement)
        self.session.flush()
