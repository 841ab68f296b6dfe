"""API tokens (stored hashed), the audit log and idempotency records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.orm.base import Base, utc_now
from models.orm.facilities import CODE_LENGTH, NAME_LENGTH


class ApiToken(Base):
    """A bearer token: only its SHA-256 hash is kept, the token itself is shown once.

    `scope` holds facility codes for a coordinator, round codes for a reviewer and
    the group code (one) for a proposer; it is empty for an admin.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'coordinator', 'reviewer', 'proposer')", name="role_known"
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    role: Mapped[str] = mapped_column(String(16))
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """One state-changing call: who (token, name, role), what, on which resource, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    actor_token_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64), index=True)
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[str] = mapped_column(String(CODE_LENGTH * 2 + 1))
    round_code: Mapped[str | None] = mapped_column(String(CODE_LENGTH), index=True)
    proposal_code: Mapped[str | None] = mapped_column(String(CODE_LENGTH), index=True)
    """The proposal the change concerns (itself, a review, a booking), for its history."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IdempotencyRecord(Base):
    """The first response to a request made with an `Idempotency-Key`, for replays."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class EndedSession(Base):
    """A web session signed out before its cookie expires: a copy of the cookie must not
    open pages any more. Kept until `expires_at`, when the cookie expires anyway."""

    __tablename__ = "ended_sessions"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime]
