"""hardening: reviews belong to the reviewer's token; rounds say what proposers learn of
the cut-off score; signed-out web sessions

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 06:00:00

Two tokens with the same name were one reviewer to the service. Each review now names
the token that wrote it; existing reviews go to the oldest reviewer token with the
review's name (the one that could first have written it).

`rounds.cutoff_disclosure` (hidden, grade, exact; existing rounds: hidden) decides what
a proposer's exports and pages show of the score that outranked a request.

`ended_sessions` lists web sessions signed out before their cookies expire.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_DISCLOSURE_CHECK = "cutoff_disclosure IN ('hidden', 'grade', 'exact')"


def upgrade() -> None:
    op.create_table(
        "ended_sessions",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_ended_sessions")),
    )
    # Never a batch (copy-and-drop) of `rounds` on SQLite: dropping the old table would
    # cascade to every proposal. SQLite adds a column with its CHECK in place.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE rounds ADD COLUMN cutoff_disclosure VARCHAR(16) DEFAULT 'hidden' "
            f"NOT NULL CONSTRAINT ck_rounds_cutoff_disclosure_known CHECK ({_DISCLOSURE_CHECK})"
        )
    else:
        op.add_column(
            "rounds",
            sa.Column(
                "cutoff_disclosure", sa.String(length=16), server_default="hidden", nullable=False
            ),
        )
        op.create_check_constraint(
            op.f("ck_rounds_cutoff_disclosure_known"), "rounds", _DISCLOSURE_CHECK
        )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewer_token_id", sa.String(length=36), nullable=True))
    op.execute(
        """
        UPDATE reviews SET reviewer_token_id = (
            SELECT api_tokens.id FROM api_tokens
            WHERE api_tokens.name = reviews.reviewer AND api_tokens.role = 'reviewer'
            ORDER BY api_tokens.created_at, api_tokens.id
            LIMIT 1
        )
        """
    )
    # A review whose author no token names any more cannot be claimed by anyone.
    op.execute("DELETE FROM reviews WHERE reviewer_token_id IS NULL")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.alter_column(
            "reviewer_token_id", existing_type=sa.String(length=36), nullable=False
        )
        batch_op.drop_constraint("uq_reviews_proposal_id_reviewer", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_reviews_proposal_id_reviewer_token_id"),
            ["proposal_id", "reviewer_token_id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_reviews_reviewer_token_id_api_tokens"),
            "api_tokens",
            ["reviewer_token_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_reviews_reviewer_token_id"), ["reviewer_token_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("ended_sessions")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_reviewer_token_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_reviews_reviewer_token_id_api_tokens"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_reviews_proposal_id_reviewer_token_id"), type_="unique"
        )
        batch_op.create_unique_constraint(
            "uq_reviews_proposal_id_reviewer", ["proposal_id", "reviewer"]
        )
        batch_op.drop_column("reviewer_token_id")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column named in a CHECK, and a batch of `rounds` would cascade
        # to every proposal: the unused column stays.
        return
    op.drop_constraint(op.f("ck_rounds_cutoff_disclosure_known"), "rounds", type_="check")
    op.drop_column("rounds", "cutoff_disclosure")
