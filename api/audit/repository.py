"""SQL for reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.orm import AuditEntry


class AuditRepository:
    """Reads `audit_log` rows, newest first."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def page(
        self,
        limit: int,
        offset: int,
        *,
        action: str | None,
        round_code: str | None,
        proposal_code: str | None = None,
    ) -> tuple[Sequence[AuditEntry], int]:
        """Entries matching the filters, newest first, and how many there are."""
        query = select(AuditEntry)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if round_code is not None:
            query = query.where(AuditEntry.round_code == round_code)
        if proposal_code is not None:
            query = query.where(AuditEntry.proposal_code == proposal_code)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        ).all()
        return rows, total
