"""Audit log as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEntryRead(BaseModel):
    """One state-changing call."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_token_id: str | None
    actor_name: str
    actor_role: str
    action: str
    resource_type: str
    resource_id: str
    round_code: str | None
    proposal_code: str | None = None
    detail: dict[str, Any]
