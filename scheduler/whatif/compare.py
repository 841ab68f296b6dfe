"""What differs between two solutions of (variants of) one round: country time and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from models.exchange import Instance, Solution
from models.exchange.solution import Outcome
from scheduler.evaluation import country_time, objective_value, policy_violations
from scheduler.index import InstanceIndex
from scheduler.whatif.price import awards_of


@dataclass(frozen=True)
class DecisionChange:
    """A proposal whose award differs: outcomes and awarded shifts before and after."""

    proposal: str
    before: Outcome | None
    after: Outcome | None
    shifts_before: int
    shifts_after: int


def country_shifts(instance: Instance, solution: Solution) -> dict[str, Fraction]:
    """Shifts awarded to each country at every facility, attributed by proposal shares."""
    index = InstanceIndex(instance)
    facilities = frozenset(facility.id for facility in instance.facilities)
    time = country_time(index, awards_of(solution), facilities)
    return {country.code: time.get(country.code, Fraction(0)) for country in instance.countries}


def country_gains(instance: Instance, before: Solution, after: Solution) -> dict[str, Fraction]:
    """Shifts each country gains (positive) or loses (negative) from `before` to `after`.

    Both solutions must be of rounds with the same proposals (variants differ in
    policies only); countries whose time does not change are left out.
    """
    first = country_shifts(instance, before)
    second = country_shifts(instance, after)
    return {
        country: second[country] - first[country]
        for country in first
        if second[country] != first[country]
    }


HARD_TOLERANCE = Fraction(1, 10**6)
"""A hard policy holds with a violation of at most this many shifts (the format's rule)."""


def value_under(edited: Instance, solution: Solution) -> Fraction | None:
    """The objective `solution`'s allocation would have under `edited`'s policies, or None.

    `edited` must differ from the solution's round in its policies only (as a variant
    does), so every other rule still holds; None when the solution has no allocation or
    breaks a hard policy of `edited`.
    """
    if solution.objective is None:
        return None
    index = InstanceIndex(edited)
    awards = awards_of(solution)
    violations = policy_violations(index, awards)
    if any(p.mode == "hard" and violations[p.id] > HARD_TOLERANCE for p in edited.policies):
        return None
    return objective_value(index, awards, violations)


def decision_changes(instance: Instance, before: Solution, after: Solution) -> list[DecisionChange]:
    """Proposals whose outcome or awarded shifts differ, in document order."""
    outcomes_before = {d.proposal: d.outcome for d in before.decisions}
    outcomes_after = {d.proposal: d.outcome for d in after.decisions}
    shifts_before = _shifts_by_proposal(instance, before)
    shifts_after = _shifts_by_proposal(instance, after)
    changes = []
    for proposal in instance.proposals:
        pair = (shifts_before.get(proposal.id, 0), shifts_after.get(proposal.id, 0))
        outcome_pair = (outcomes_before.get(proposal.id), outcomes_after.get(proposal.id))
        if pair[0] != pair[1] or outcome_pair[0] != outcome_pair[1]:
            changes.append(DecisionChange(proposal.id, *outcome_pair, *pair))
    return changes


def _shifts_by_proposal(instance: Instance, solution: Solution) -> dict[str, int]:
    proposal_of = InstanceIndex(instance).proposal_of
    shifts: dict[str, int] = {}
    for assignment in solution.assignments:
        proposal = proposal_of[assignment.request].id
        shifts[proposal] = shifts.get(proposal, 0) + assignment.awarded_shifts
    return shifts
