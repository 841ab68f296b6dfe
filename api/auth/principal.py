"""Who is calling: a principal with a role and the scope that role is limited to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The four roles of the service.

    * `admin`: everything, including tokens and the audit log.
    * `coordinator`: runs the rounds of the facilities in its scope.
    * `reviewer`: scores the proposals of the rounds in its scope.
    * `proposer`: submits and follows the proposals of its research group.
    """

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    REVIEWER = "reviewer"
    PROPOSER = "proposer"


@dataclass(frozen=True)
class Principal:
    """The caller, as its token describes it.

    Attributes:
        token_id: the id of the token used (also written to the audit log).
        name: the person or system the token was issued to.
        role: what the caller may do.
        facilities: facility codes a coordinator runs.
        rounds: round codes a reviewer scores.
        group: the research group code of a proposer.
    """

    token_id: str
    name: str
    role: Role
    facilities: frozenset[str] = frozenset()
    rounds: frozenset[str] = frozenset()
    group: str | None = None

    @property
    def is_admin(self) -> bool:
        """Whether the caller is an admin."""
        return self.role is Role.ADMIN

    def coordinates_any(self, facility_codes: set[str] | frozenset[str]) -> bool:
        """Whether the caller runs at least one of these facilities (admins run all)."""
        if self.is_admin:
            return True
        return self.role is Role.COORDINATOR and bool(self.facilities & facility_codes)

    def coordinates(self, facility_code: str) -> bool:
        """Whether the caller runs this facility (admins run all)."""
        return self.coordinates_any({facility_code})

    def reviews(self, round_code: str) -> bool:
        """Whether the caller is a reviewer of this round."""
        return self.role is Role.REVIEWER and round_code in self.rounds

    def owns_group(self, group_code: str) -> bool:
        """Whether the caller is a proposer of this group."""
        return self.role is Role.PROPOSER and self.group == group_code
