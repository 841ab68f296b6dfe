"""what-if studies: whatifs, whatif_cases, solve_jobs.purpose

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        # Existing jobs were all solves of their round.
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=16), server_default="solve", nullable=False)
        )
    op.create_table(
        "whatifs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=1000), nullable=False),
        sa.Column("price", sa.Boolean(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_whatifs_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatifs")),
    )
    with op.batch_alter_table("whatifs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatifs_round_id"), ["round_id"], unique=False)
    op.create_table(
        "whatif_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("whatif_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["solve_jobs.id"],
            name=op.f("fk_whatif_cases_job_id_solve_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["whatif_id"],
            ["whatifs.id"],
            name=op.f("fk_whatif_cases_whatif_id_whatifs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatif_cases")),
        sa.UniqueConstraint("whatif_id", "key", name=op.f("uq_whatif_cases_whatif_id_key")),
    )
    with op.batch_alter_table("whatif_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatif_cases_whatif_id"), ["whatif_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("whatif_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatif_cases_whatif_id"))
    op.drop_table("whatif_cases")
    with op.batch_alter_table("whatifs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatifs_round_id"))
    op.drop_table("whatifs")
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.drop_column("purpose")
