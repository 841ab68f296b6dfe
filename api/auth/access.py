"""Access rules that do not depend on a resource: which roles may call at all."""

from __future__ import annotations

from api.auth.principal import Principal, Role
from api.errors import ForbiddenError


def require_roles(principal: Principal, *roles: Role) -> None:
    """Refuse callers whose role is not one of `roles`.

    Raises:
        ForbiddenError: the caller's role is not allowed.
    """
    if principal.role not in roles:
        allowed = ", ".join(role.value for role in roles)
        raise ForbiddenError(f"this needs one of the roles: {allowed}")


def require_admin(principal: Principal) -> None:
    """Refuse every caller but admins.

    Raises:
        ForbiddenError: the caller is not an admin.
    """
    require_roles(principal, Role.ADMIN)
