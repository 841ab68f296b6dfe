"""Who sees and who runs a round.

* admins: every round;
* coordinators: the rounds that include at least one facility of their scope
  (a round shared by several facilities is run jointly by their coordinators);
* reviewers: the rounds of their scope;
* proposers: every round past `draft` (a call for proposals is public).
"""

from __future__ import annotations

from dataclasses import dataclass

from api.auth.principal import Principal, Role
from api.errors import ForbiddenError
from api.rounds.states import RoundAction, allows
from models.orm import Round


@dataclass(frozen=True)
class RoundFilter:
    """The rounds a caller may see, as the repository turns it into SQL.

    `None` means no restriction on that attribute.
    """

    facility_codes: frozenset[str] | None = None
    round_codes: frozenset[str] | None = None
    exclude_draft: bool = False


def round_filter(principal: Principal) -> RoundFilter:
    """The visibility filter for a caller."""
    if principal.role is Role.ADMIN:
        return RoundFilter()
    if principal.role is Role.COORDINATOR:
        return RoundFilter(facility_codes=principal.facilities)
    if principal.role is Role.REVIEWER:
        return RoundFilter(round_codes=principal.rounds)
    return RoundFilter(exclude_draft=True)


def facility_codes(round_: Round) -> frozenset[str]:
    """Codes of a round's facilities (the round must have them loaded)."""
    return frozenset(facility.code for facility in round_.facilities)


def can_see(principal: Principal, round_: Round) -> bool:
    """Whether the caller may see the round at all."""
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.COORDINATOR:
        return principal.coordinates_any(facility_codes(round_))
    if principal.role is Role.REVIEWER:
        return principal.reviews(round_.code)
    return allows(round_.state, RoundAction.SEE_ROUND)


def can_run(principal: Principal, round_: Round) -> bool:
    """Whether the caller runs the round (admin, or coordinator of one of its facilities)."""
    return principal.coordinates_any(facility_codes(round_))


def require_runner(principal: Principal, round_: Round) -> None:
    """Refuse callers that see the round but do not run it.

    Raises:
        ForbiddenError: not an admin nor a coordinator of the round's facilities.
    """
    if not can_run(principal, round_):
        raise ForbiddenError(
            f"only the round's coordinators and admins may do this to {round_.code}"
        )
