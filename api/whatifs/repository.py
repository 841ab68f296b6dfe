"""SQL for what-if studies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.orm import Round, WhatIf, WhatIfCase


class WhatIfRepository:
    """Reads and writes `whatifs` and `whatif_cases` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, whatif: WhatIf) -> WhatIf:
        """Store a new study with its cases (their jobs must be added already)."""
        self.session.add(whatif)
        self.session.flush()
        return whatif

    def by_id(self, whatif_id: str) -> WhatIf | None:
        """One study with its round (and facilities), cases and their jobs loaded."""
        return self.session.scalars(
            select(WhatIf)
            .options(
                selectinload(WhatIf.round).selectinload(Round.facilities),
                selectinload(WhatIf.cases).selectinload(WhatIfCase.job),
            )
            .where(WhatIf.id == whatif_id)
        ).first()

    def page(self, round_id: int, limit: int, offset: int) -> tuple[Sequence[WhatIf], int]:
        """A round's studies, newest first, and how many there are."""
        query = select(WhatIf).where(WhatIf.round_id == round_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(
                selectinload(WhatIf.round),
                selectinload(WhatIf.cases).selectinload(WhatIfCase.job),
            )
            .order_by(WhatIf.created_at.desc(), WhatIf.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total
