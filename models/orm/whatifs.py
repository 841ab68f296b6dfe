"""What-if studies: variants of a round, each solved by its own solve job.

A study never changes its round: its jobs have `purpose = "whatif"`, and a job of
that purpose never makes an allocation. The study keeps the variant documents as
submitted; each case points at the job that solves it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped
from models.orm.facilities import NAME_LENGTH
from models.orm.rounds import Round
from models.orm.solves import SolveJob

CASE_KEY_LENGTH = 255
"""Room for `variant:ID` and `without:POLICY` with ids of up to 200 characters."""


class WhatIf(Timestamped, Base):
    """A what-if study of a round: its variants, and whether each policy is priced."""

    __tablename__ = "whatifs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    price: Mapped[bool] = mapped_column(default=False)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    variants: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    round: Mapped[Round] = relationship(lazy="raise")
    cases: Mapped[list[WhatIfCase]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="WhatIfCase.position"
    )


class WhatIfCase(Base):
    """One solve of a study: `base`, `variant:ID` or `without:POLICY`, and its job."""

    __tablename__ = "whatif_cases"
    __table_args__ = (UniqueConstraint("whatif_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    whatif_id: Mapped[str] = mapped_column(ForeignKey("whatifs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(CASE_KEY_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(CASE_KEY_LENGTH))
    job_id: Mapped[str] = mapped_column(ForeignKey("solve_jobs.id", ondelete="CASCADE"))

    job: Mapped[SolveJob] = relationship(lazy="raise")
