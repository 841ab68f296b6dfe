"""Writing audit entries, in the same transaction as the change they describe."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from models.orm import AuditEntry


def record(
    session: Session,
    principal: Principal,
    action: str,
    resource_type: str,
    resource_id: str,
    *,
    round_code: str | None = None,
    proposal_code: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry; it is committed (or rolled back) with the change itself.

    Args:
        action: what happened, `resource.verb` (e.g. `proposal.create`).
        resource_type: the kind of resource changed (`proposal`, `round`, ...).
        resource_id: its public id.
        round_code: the round it belongs to, if any, for filtering.
        proposal_code: the proposal it concerns, if any (a proposal's history).
        detail: a small JSON object of facts worth keeping (never a token value).
    """
    session.add(
        AuditEntry(
            actor_token_id=principal.token_id,
            actor_name=principal.name,
            actor_role=principal.role.value,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            round_code=round_code,
            proposal_code=proposal_code,
            detail=detail or {},
        )
    )
