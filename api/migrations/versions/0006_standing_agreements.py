"""standing agreements, per-round adjustments, outages and booking losses

Every per-round agreement becomes a standing agreement (one per code) in force over the
span of the rounds that had it, and each of those rounds gets an adjustment holding
whatever its own copy differed in, so every round's policies stay exactly as they were.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIGRATED_REASON = "migrated from the round's own agreement"


def _timestamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _create_tables() -> None:
    op.create_table(
        "standing_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=1000), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("in_force_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("in_force_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "kind IN ('contribution_share', 'reciprocity')",
            name=op.f("ck_standing_agreements_kind_known"),
        ),
        sa.CheckConstraint(
            "mode IN ('hard', 'soft')", name=op.f("ck_standing_agreements_mode_known")
        ),
        sa.CheckConstraint("weight > 0", name=op.f("ck_standing_agreements_weight_positive")),
        sa.CheckConstraint(
            "in_force_until IS NULL OR in_force_until > in_force_from",
            name=op.f("ck_standing_agreements_period_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_agreements")),
        sa.UniqueConstraint("code", name=op.f("uq_standing_agreements_code")),
    )
    op.create_table(
        "agreement_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("changed_by", sa.String(length=1000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["standing_agreements.id"],
            name=op.f("fk_agreement_adjustments_agreement_id_standing_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_agreement_adjustments_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_adjustments")),
        sa.UniqueConstraint(
            "round_id", "agreement_id", name=op.f("uq_agreement_adjustments_round_id_agreement_id")
        ),
    )
    for column in ("round_id", "agreement_id"):
        op.create_index(
            op.f(f"ix_agreement_adjustments_{column}"), "agreement_adjustments", [column]
        )
    op.create_table(
        "outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cause", sa.String(length=1000), nullable=False),
        sa.Column("recorded_by", sa.String(length=1000), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_outages_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_outages_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outages")),
    )
    op.create_index(op.f("ix_outages_round_id"), "outages", ["round_id"])
    op.create_table(
        "outage_instruments",
        sa.Column("outage_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_outage_instruments_instrument_id_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["outage_id"],
            ["outages.id"],
            name=op.f("fk_outage_instruments_outage_id_outages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("outage_id", "instrument_id", name=op.f("pk_outage_instruments")),
    )
    op.create_index(
        op.f("ix_outage_instruments_instrument_id"), "outage_instruments", ["instrument_id"]
    )
    op.create_table(
        "booking_losses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("outage_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=1000), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "start >= 0 AND length >= 1", name=op.f("ck_booking_losses_block_valid")
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_booking_losses_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outage_id"],
            ["outages.id"],
            name=op.f("fk_booking_losses_outage_id_outages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_losses")),
        sa.UniqueConstraint("booking_id", "start", name=op.f("uq_booking_losses_booking_id_start")),
    )
    for column in ("booking_id", "outage_id"):
        op.create_index(op.f(f"ix_booking_losses_{column}"), "booking_losses", [column])


_rounds = sa.table(
    "rounds",
    sa.column("id", sa.Integer()),
    sa.column("start", sa.DateTime(timezone=True)),
    sa.column("shift_hours", sa.Integer()),
    sa.column("n_shifts", sa.Integer()),
)
_agreements = sa.table(
    "agreements",
    sa.column("id", sa.Integer()),
    sa.column("round_id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("mode", sa.String()),
    sa.column("weight", sa.Float()),
    sa.column("terms", sa.JSON()),
    sa.column("version", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_standing = sa.table(
    "standing_agreements",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("name", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("mode", sa.String()),
    sa.column("weight", sa.Float()),
    sa.column("terms", sa.JSON()),
    sa.column("in_force_from", sa.DateTime(timezone=True)),
    sa.column("in_force_until", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_adjustments = sa.table(
    "agreement_adjustments",
    sa.column("round_id", sa.Integer()),
    sa.column("agreement_id", sa.Integer()),
    sa.column("changes", sa.JSON()),
    sa.column("reason", sa.String()),
    sa.column("changed_by", sa.String()),
    sa.column("version", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _fields(row: Any) -> dict[str, Any]:
    return {"mode": row.mode, "weight": row.weight, **dict(row.terms or {})}


def _differences(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """What a round's own copy changes of the standing terms (`None`: a field it lacks)."""
    changes = {key: value for key, value in own.items() if base.get(key) != value}
    changes |= {key: None for key in base if key not in own}
    return changes


def upgrade_data(connection: sa.Connection) -> None:
    """Turn each code's per-round agreements into one standing agreement and adjustments."""
    now = datetime.now(UTC)
    rows = connection.execute(
        sa.select(_agreements, _rounds.c.start, _rounds.c.shift_hours, _rounds.c.n_shifts)
        .join(_rounds, _rounds.c.id == _agreements.c.round_id)
        .order_by(_rounds.c.start, _agreements.c.id)
    ).all()
    by_code: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_code[row.code].append(row)
    for code, copies in by_code.items():
        first = copies[0]
        ends = [_aware(c.start) + timedelta(hours=c.shift_hours * c.n_shifts) for c in copies]
        base = _fields(first)
        standing_id = connection.execute(
            sa.insert(_standing)
            .values(
                code=code,
                name="",
                kind=first.kind,
                mode=first.mode,
                weight=first.weight,
                terms=dict(first.terms or {}),
                in_force_from=_aware(first.start),
                in_force_until=max(ends),
                version=1,
                created_at=now,
                updated_at=now,
            )
            .returning(_standing.c.id)
        ).scalar_one()
        for copy in copies:
            connection.execute(
                sa.insert(_adjustments).values(
                    round_id=copy.round_id,
                    agreement_id=standing_id,
                    changes=_differences(base, _fields(copy)),
                    reason=MIGRATED_REASON,
                    changed_by="migration 0006",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    connection.execute(sa.delete(_agreements).where(_agreements.c.id.in_([r.id for r in rows])))


def upgrade() -> None:
    _create_tables()
    upgrade_data(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    now = datetime.now(UTC)
    rows = connection.execute(
        sa.select(
            _adjustments.c.round_id,
            _adjustments.c.changes,
            _standing.c.code,
            _standing.c.kind,
            _standing.c.mode,
            _standing.c.weight,
            _standing.c.terms,
        ).join(_standing, _standing.c.id == _adjustments.c.agreement_id)
    ).all()
    for row in rows:
        fields = {"mode": row.mode, "weight": row.weight, **dict(row.terms or {})}
        fields |= dict(row.changes or {})
        fields = {key: value for key, value in fields.items() if value is not None}
        connection.execute(
            sa.insert(_agreements).values(
                round_id=row.round_id,
                code=row.code,
                kind=row.kind,
                mode=fields.pop("mode"),
                weight=fields.pop("weight"),
                terms=fields,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    for table in ("booking_losses", "outage_instruments", "outages"):
        op.drop_table(table)
    op.drop_table("agreement_adjustments")
    op.drop_table("standing_agreements")
