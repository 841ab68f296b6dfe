"""Who reads which part of the audit log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.errors import ForbiddenError


def require_audit_reader(session: Session, principal: Principal, round_code: str | None) -> None:
    """Admins read the whole log; a round's coordinators read that round's entries.

    Raises:
        ForbiddenError: anyone else, or a coordinator asking for more than one of its rounds.
        NotFoundError: a coordinator naming a round it does not see.
    """
    if principal.role is Role.ADMIN:
        return
    if principal.role is not Role.COORDINATOR:
        raise ForbiddenError("the audit log is for admins and the round's coordinators")
    if round_code is None:
        raise ForbiddenError("coordinators read the audit log of one round: give `round`")
    from api.rounds.service import get_run_round

    get_run_round(session, principal, round_code)
