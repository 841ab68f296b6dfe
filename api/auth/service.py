"""Issuing, listing and revoking tokens; turning a presented token into a principal."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.auth.repository import TokenRepository
from api.auth.schemas import TokenCreate
from api.auth.tokens import new_token, shown_prefix, token_digest
from api.claims import insert_missing
from api.errors import FieldProblem, InvalidInputError, NotAuthenticatedError, NotFoundError
from models.orm import ApiToken, ResearchGroup, utc_now


def authenticate(session: Session, presented: str | None) -> Principal:
    """The principal of a presented bearer token.

    Raises:
        NotAuthenticatedError: no token, or an unknown or revoked one.
    """
    if not presented:
        raise NotAuthenticatedError()
    token = TokenRepository(session).by_digest(token_digest(presented))
    if token is None:
        raise NotAuthenticatedError("the bearer token is unknown or revoked")
    return principal_of(token)


def principal_of(token: ApiToken) -> Principal:
    """The principal a stored token stands for."""
    role = Role(token.role)
    scope = frozenset(token.scope)
    return Principal(
        token_id=token.id,
        name=token.name,
        role=role,
        facilities=scope if role is Role.COORDINATOR else frozenset(),
        rounds=scope if role is Role.REVIEWER else frozenset(),
        group=token.scope[0] if role is Role.PROPOSER and token.scope else None,
    )


def scope_of(request: TokenCreate) -> list[str]:
    """The stored scope of a token request, checked against its role.

    Raises:
        InvalidInputError: a scope missing for the role, or given for another role.
    """
    problems: list[FieldProblem] = []
    expected = {
        Role.ADMIN: None,
        Role.COORDINATOR: "facilities",
        Role.REVIEWER: "rounds",
        Role.PROPOSER: "group",
    }[request.role]
    given = {
        "facilities": bool(request.facilities),
        "rounds": bool(request.rounds),
        "group": request.group is not None,
    }
    for field, present in given.items():
        if present and field != expected:
            problems.append(FieldProblem(field, f"a {request.role.value} token takes no {field}"))
    if expected is not None and not given[expected]:
        problems.append(FieldProblem(expected, f"a {request.role.value} token needs {expected}"))
    if problems:
        raise InvalidInputError("the token's scope does not fit its role", errors=problems)
    if request.role is Role.COORDINATOR:
        return sorted(set(request.facilities))
    if request.role is Role.REVIEWER:
        return sorted(set(request.rounds))
    if request.role is Role.PROPOSER and request.group is not None:
        return [request.group]
    return []


def issue_token(
    session: Session, request: TokenCreate, *, issued_by: Principal | None
) -> tuple[ApiToken, str]:
    """Store a new token and return it with its value (which is never stored).

    A proposer's research group is created if it does not exist yet.

    Raises:
        InvalidInputError: the scope does not fit the role.
    """
    scope = scope_of(request)
    if request.role is Role.PROPOSER:
        ensure_group(session, scope[0])
    value = new_token()
    token = TokenRepository(session).add(
        ApiToken(
            id=str(uuid.uuid4()),
            name=request.name,
            role=request.role.value,
            scope=scope,
            token_hash=token_digest(value),
            prefix=shown_prefix(value),
            created_by=issued_by.name if issued_by else "command line",
        )
    )
    if issued_by is not None:  # every token's issue is audited, including the command line's
        record(
            session,
            issued_by,
            "token.create",
            "token",
            token.id,
            detail={"name": token.name, "role": token.role, "scope": scope},
        )
    return token, value


def revoke_token(session: Session, token_id: str, *, revoked_by: Principal) -> ApiToken:
    """Revoke a token; it stops working at once.

    Raises:
        NotFoundError: no such token.
    """
    token = TokenRepository(session).by_id(token_id)
    if token is None:
        raise NotFoundError(f"no token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utc_now()
        record(session, revoked_by, "token.revoke", "token", token.id)
    return token


def ensure_group(session: Session, code: str, name: str = "") -> ResearchGroup:
    """The research group with this code, created if missing (by whichever of several
    concurrent requests gets there first)."""
    from api.groups.repository import GroupRepository

    groups = GroupRepository(session)
    group = groups.by_code(code)
    if group is None:
        insert_missing(session, ResearchGroup, [{"code": code, "name": name or code}], ["code"])
        group = groups.by_code(code)
    if group is None:  # pragma: no cover - inserted or found just above
        raise RuntimeError(f"group {code} vanished while being created")
    return group
