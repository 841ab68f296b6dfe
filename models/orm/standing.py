"""Standing agreements: contribution and reciprocity policies that outlive one round.

A round takes every standing agreement in force at its start that concerns its
facilities; a coordinator may adjust that agreement's thresholds for one round
(`AgreementAdjustment`), which changes nothing of the agreement itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, Versioned
from models.orm.facilities import CODE_LENGTH, NAME_LENGTH
from models.orm.rounds import Round


class StandingAgreement(Versioned, Timestamped, Base):
    """A policy in force over `[in_force_from, in_force_until)` (no end when `None`).

    `terms` holds the kind-specific fields of the format, as for a round's agreement;
    a reciprocity `credit` or a contribution `history` stored here is time obtained
    before (or outside) beamtime, to which the ledger of earlier rounds is added.
    """

    __tablename__ = "standing_agreements"
    __table_args__ = (
        CheckConstraint("kind IN ('contribution_share', 'reciprocity')", name="kind_known"),
        CheckConstraint("mode IN ('hard', 'soft')", name="mode_known"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint(
            "in_force_until IS NULL OR in_force_until > in_force_from", name="period_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    kind: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(8), default="hard")
    weight: Mapped[float] = mapped_column(default=1.0)
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    in_force_from: Mapped[datetime]
    in_force_until: Mapped[datetime | None]


class AgreementAdjustment(Versioned, Timestamped, Base):
    """One round's changed thresholds of a standing agreement, with the reason given.

    `changes` overlays the agreement's fields for that round only (`min_ratio`,
    `tolerance`, ...). Agreements migrated from per-round rows may carry any field here,
    so that no round's policy changed in the migration.
    """

    __tablename__ = "agreement_adjustments"
    __table_args__ = (UniqueConstraint("round_id", "agreement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("standing_agreements.id", ondelete="CASCADE"), index=True
    )
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    changed_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    round: Mapped[Round] = relationship(lazy="raise")
    agreement: Mapped[StandingAgreement] = relationship(lazy="raise")
