"""re-plan acceptance: a re-plan's mode, the baseline it started from, its acceptance,
and why a booking was cancelled

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("solve_jobs", schema=None) as batch:
        batch.add_column(sa.Column("replan_mode", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("baseline_fingerprint", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("accepted_by", sa.String(length=1000), nullable=True))
    with op.batch_alter_table("bookings", schema=None) as batch:
        batch.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch:
        batch.drop_column("cancel_reason")
    with op.batch_alter_table("solve_jobs", schema=None) as batch:
        batch.drop_column("accepted_by")
        batch.drop_column("accepted_at")
        batch.drop_column("baseline_fingerprint")
        batch.drop_column("replan_mode")
