"""capacity counted across rounds (shift counters keyed by time), calendar feeds

`shift_usage` was keyed by round and shift, so two rounds booking the same weeks of an
instrument each had the whole capacity. Its counters are now keyed by the slot of time
a shift covers (`[slot_start, slot_end)`, UTC seconds since 1970), shared by every round,
and are rebuilt from the holding bookings. If rounds that overlapped already overfill an
instrument, the upgrade stops and names the instrument and the time, so that a
coordinator can cancel a booking first. `calendar_feeds` holds the feed tokens (digests).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDING = ("awarded", "confirmed")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _seconds(stored: datetime | str) -> int:
    # SQLite hands raw SQL its stored text; both databases store UTC.
    moment = datetime.fromisoformat(stored) if isinstance(stored, str) else stored
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return int((aware - _EPOCH).total_seconds())


def _holding_bookings() -> list[tuple[int, int, int, int, int, datetime | str, int]]:
    """(instrument, capacity, round, start, length, round start, shift hours) of every
    booking that holds its shifts."""
    rows = op.get_bind().execute(
        sa.text(
            "SELECT b.instrument_id, i.capacity, b.round_id, b.start, b.length, r.start,"
            " r.shift_hours FROM bookings b JOIN rounds r ON r.id = b.round_id"
            " JOIN instruments i ON i.id = b.instrument_id"
            " WHERE b.status IN ('awarded', 'confirmed')"
        )
    )
    return [tuple(row) for row in rows]


def _counter_columns() -> list[sa.Column[int]]:
    return [
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
    ]


def _counter_checks() -> list[sa.Constraint]:
    return [
        sa.CheckConstraint("used <= capacity", name=op.f("ck_shift_usage_used_within_capacity")),
        sa.CheckConstraint("used >= 0", name=op.f("ck_shift_usage_used_non_negative")),
        sa.ForeignKeyConstraint(
            ["instrument_id", "capacity"],
            ["instruments.id", "instruments.capacity"],
            name="fk_shift_usage_instrument_capacity",
            onupdate="CASCADE",
        ),
    ]


def _upgrade_counters() -> None:
    bookings = _holding_bookings()
    used: Counter[tuple[int, int, int]] = Counter()
    capacity: dict[int, int] = {}
    for instrument_id, cap, _round, start, length, round_start, shift_hours in bookings:
        capacity[instrument_id] = cap
        seconds = shift_hours * 3600
        origin = _seconds(round_start)
        for shift in range(start, start + length):
            slot_start = origin + shift * seconds
            used[(instrument_id, slot_start, slot_start + seconds)] += 1
    overfull = sorted(key for key, count in used.items() if count > capacity[key[0]])
    if overfull:
        instrument_id, slot_start, _ = overfull[0]
        moment = datetime.fromtimestamp(slot_start, UTC).isoformat()
        raise RuntimeError(
            f"{len(overfull)} shift(s) are booked beyond capacity by overlapping rounds, the "
            f"first on instrument id {instrument_id} at {moment}; cancel bookings, then upgrade"
        )
    op.drop_table("shift_usage")
    table = op.create_table(
        "shift_usage",
        *_counter_columns(),
        sa.Column("slot_start", sa.BigInteger(), nullable=False),
        sa.Column("slot_end", sa.BigInteger(), nullable=False),
        *_counter_checks(),
        sa.CheckConstraint("slot_end > slot_start", name=op.f("ck_shift_usage_slot_not_empty")),
        sa.PrimaryKeyConstraint(
            "instrument_id", "slot_start", "slot_end", name=op.f("pk_shift_usage")
        ),
    )
    rows = [
        {
            "instrument_id": instrument_id,
            "slot_start": slot_start,
            "slot_end": slot_end,
            "used": count,
            "capacity": capacity[instrument_id],
        }
        for (instrument_id, slot_start, slot_end), count in sorted(used.items())
    ]
    if rows:
        op.bulk_insert(table, rows)


def _downgrade_counters() -> None:
    bookings = _holding_bookings()
    op.drop_table("shift_usage")
    table = op.create_table(
        "shift_usage",
        *_counter_columns(),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("shift", sa.Integer(), nullable=False),
        *_counter_checks(),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_shift_usage_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instrument_id", "round_id", "shift", name=op.f("pk_shift_usage")),
    )
    used: Counter[tuple[int, int, int]] = Counter()
    capacity: dict[int, int] = {}
    for instrument_id, cap, round_id, start, length, _start, _hours in bookings:
        capacity[instrument_id] = cap
        for shift in range(start, start + length):
            used[(instrument_id, round_id, shift)] += 1
    rows = [
        {"instrument_id": i, "round_id": r, "shift": s, "used": n, "capacity": capacity[i]}
        for (i, r, s), n in sorted(used.items())
    ]
    if rows:
        op.bulk_insert(table, rows)


def _create_feeds() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("instrument_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=1000), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=1000), nullable=False),
        sa.Column("created_by_token_id", sa.String(length=36), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(kind = 'group' AND group_id IS NOT NULL AND instrument_id IS NULL)"
            " OR (kind = 'instrument' AND instrument_id IS NOT NULL AND group_id IS NULL)",
            name=op.f("ck_calendar_feeds_scope_matches_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_token_id"],
            ["api_tokens.id"],
            name=op.f("fk_calendar_feeds_created_by_token_id_api_tokens"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["research_groups.id"],
            name=op.f("fk_calendar_feeds_group_id_research_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_calendar_feeds_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        for column in ("created_by_token_id", "group_id", "instrument_id"):
            batch_op.create_index(batch_op.f(f"ix_calendar_feeds_{column}"), [column], unique=False)


def upgrade() -> None:
    _upgrade_counters()
    _create_feeds()


def downgrade() -> None:
    op.drop_table("calendar_feeds")
    _downgrade_counters()
