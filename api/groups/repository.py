"""SQL for research groups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.orm import ResearchGroup


class GroupRepository:
    """Reads and writes `research_groups` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str) -> ResearchGroup | None:
        """The group with this code, if any."""
        return self.session.scalars(select(ResearchGroup).where(ResearchGroup.code == code)).first()

    def by_codes(self, codes: Iterable[str]) -> dict[str, ResearchGroup]:
        """The groups with these codes that exist, by code."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        rows = self.session.scalars(select(ResearchGroup).where(ResearchGroup.code.in_(wanted)))
        return {group.code: group for group in rows}

    def add(self, group: ResearchGroup) -> ResearchGroup:
        """Store a new group."""
        self.session.add(group)
        self.session.flush()
        return group

    def page(
        self, limit: int, offset: int, *, only: str | None = None
    ) -> tuple[Sequence[ResearchGroup], int]:
        """Groups by code (only the one with code `only` if given), and how many there are."""
        query = select(ResearchGroup)
        if only is not None:
            query = query.where(ResearchGroup.code == only)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(ResearchGroup.code).limit(limit).offset(offset)
        ).all()
        return rows, total
