"""Rules for research groups: admins and coordinators see all, a proposer only its own."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.access import require_admin, require_roles
from api.auth.principal import Principal, Role
from api.claims import claim_unique
from api.errors import AlreadyExistsError, NotFoundError
from api.groups.repository import GroupRepository
from api.groups.schemas import GroupCreate
from models.orm import ResearchGroup


class GroupService:
    """Research groups, as seen by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.groups = GroupRepository(session)

    def list_visible(self, limit: int, offset: int) -> tuple[Sequence[ResearchGroup], int]:
        """Groups the caller may see (a proposer: its own).

        Raises:
            ForbiddenError: reviewers do not see groups.
        """
        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR, Role.PROPOSER)
        only = self.principal.group if self.principal.role is Role.PROPOSER else None
        return self.groups.page(limit, offset, only=only)

    def get(self, code: str) -> ResearchGroup:
        """One group; a proposer's foreign group is reported missing.

        Raises:
            ForbiddenError: reviewers do not see groups.
            NotFoundError: no such group, or not the proposer's.
        """
        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR, Role.PROPOSER)
        group = self.groups.by_code(code)
        if group is None or (
            self.principal.role is Role.PROPOSER and not self.principal.owns_group(code)
        ):
            raise NotFoundError(f"no group {code}")
        return group

    def create(self, body: GroupCreate) -> ResearchGroup:
        """Add a group (admins).

        Raises:
            ForbiddenError, AlreadyExistsError.
        """
        require_admin(self.principal)
        if self.groups.by_code(body.code) is not None:
            raise AlreadyExistsError(f"group {body.code} exists")
        with claim_unique(self.session, f"group {body.code} exists"):
            group = self.groups.add(ResearchGroup(code=body.code, name=body.name))
        record(self.session, self.principal, "group.create", "group", group.code)
        return group
