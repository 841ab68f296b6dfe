"""Allocation rounds, the facilities they cover, and their agreements (policies)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, Versioned
from models.orm.facilities import CODE_LENGTH, NAME_LENGTH, Facility


class RoundState(StrEnum):
    """A round's life: `draft -> open -> review -> allocated -> published -> closed`."""

    DRAFT = "draft"
    OPEN = "open"
    REVIEW = "review"
    ALLOCATED = "allocated"
    PUBLISHED = "published"
    CLOSED = "closed"


class CutoffDisclosure(StrEnum):
    """What a proposer is told of the score that outranked its request.

    * `hidden` (the default): that higher-scored proposals hold the instruments, and no
      score but its own.
    * `grade`: the cut-off rounded down to a whole grade (as facilities publish one),
      never below the proposal's own score.
    * `exact`: the lowest awarded score itself, another proposal's exact score.
    """

    HIDDEN = "hidden"
    GRADE = "grade"
    EXACT = "exact"


round_facilities = Table(
    "round_facilities",
    Base.metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("facility_id", ForeignKey("facilities.id"), primary_key=True, index=True),
)
"""Which facilities a round allocates; a coordinator of any of them sees the round."""


def _state_check() -> str:
    states = ", ".join(f"'{state.value}'" for state in RoundState)
    return f"state IN ({states})"


class Round(Versioned, Timestamped, Base):
    """A call for proposals over `n_shifts` shifts of `shift_hours` hours from `start`."""

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint("shift_hours BETWEEN 1 AND 24", name="shift_hours_range"),
        CheckConstraint("n_shifts BETWEEN 1 AND 100000", name="n_shifts_range"),
        CheckConstraint(_state_check(), name="state_known"),
        CheckConstraint(
            "cutoff_disclosure IN ('hidden', 'grade', 'exact')", name="cutoff_disclosure_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    start: Mapped[datetime]
    shift_hours: Mapped[int] = mapped_column(default=8)
    n_shifts: Mapped[int]
    state: Mapped[RoundState] = mapped_column(
        Enum(
            RoundState,
            native_enum=False,  # stored as the plain values, checked by `state_known`
            create_constraint=False,
            length=16,
            values_callable=lambda states: [state.value for state in states],
            validate_strings=True,
        ),
        default=RoundState.DRAFT,
    )
    published_at: Mapped[datetime | None]
    cutoff_disclosure: Mapped[str] = mapped_column(
        String(16), default=CutoffDisclosure.HIDDEN.value, server_default="hidden"
    )

    facilities: Mapped[list[Facility]] = relationship(
        secondary=round_facilities, lazy="raise", order_by=Facility.code
    )


class AgreementKind(StrEnum):
    """The two policy kinds of the format."""

    CONTRIBUTION_SHARE = "contribution_share"
    RECIPROCITY = "reciprocity"


class Agreement(Versioned, Timestamped, Base):
    """A policy of one round, as the format writes it.

    `terms` holds the kind-specific fields of the format (`facilities`, `shares`,
    ratios for contribution shares; `countries`, `ratio`, `tolerance`, `credit`
    for reciprocity), validated by the exchange models before they are stored.
    """

    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint("round_id", "code"),
        CheckConstraint("kind IN ('contribution_share', 'reciprocity')", name="kind_known"),
        CheckConstraint("mode IN ('hard', 'soft')", name="mode_known"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    kind: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(8), default="hard")
    weight: Mapped[float] = mapped_column(default=1.0)
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    round: Mapped[Round] = relationship(lazy="raise")
