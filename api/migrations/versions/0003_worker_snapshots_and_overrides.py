"""solve snapshots taken by the worker; recorded overrides of a request's terms;
audit entries by proposal

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A queued job has no snapshot yet: its worker exports the round when it starts.
    with op.batch_alter_table("solve_jobs") as batch:
        batch.alter_column("instance_json", existing_type=sa.Text(), nullable=True)
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
    # A proposal's history: every audit entry about it, its reviews and its bookings.
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("proposal_code", sa.String(length=200), nullable=True))
        batch.create_index("ix_audit_log_proposal_code", ["proposal_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_proposal_code")
        batch.drop_column("proposal_code")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("override_reason")
    op.execute("UPDATE solve_jobs SET instance_json = '' WHERE instance_json IS NULL")
    with op.batch_alter_table("solve_jobs") as batch:
        batch.alter_column("instance_json", existing_type=sa.Text(), nullable=False)
