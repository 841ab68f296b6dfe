"""A re-plan's figures against the bookings: each agreement before and after, and the value
recovered.

*Before* is what the round's bookings give as the outages leave them: delivered time plus
every baseline block that a revision could still keep (the engine's own test,
`scheduler.replan.baseline`); a block that touches lost time, or no longer fits, is gone.
*After* is what the candidate gives: delivered time plus its blocks. Both use the
engine's formulas (`scheduler.evaluation`), so the figures are those the reports show.

The *value recovered* is the candidate's objective minus that of the bookings before, in
the format's terms (award value, score x shifts with delivered time included, less
weight x violation of every soft agreement; no change penalty): what the revision wins
back of what the outage took, and of agreements it upset. The *shifts recovered* are the
candidate's awarded shifts minus theirs. A back-fill's are the freed shifts it gives away.
"""

from __future__ import annotations

from fractions import Fraction

from api.replans.schemas import AgreementFigures, AgreementState, ValueRecovered
from models.exchange import ContributionSharePolicy, Instance, Policy, Solution
from scheduler.evaluation import (
    Award,
    award_value,
    objective_value,
    policy_violation,
    reciprocity_balance,
)
from scheduler.index import InstanceIndex
from scheduler.prepare import prepare
from scheduler.replan.baseline import baseline_start
from scheduler.replan.kept import baseline_blocks
from scheduler.replan.remaining import remaining_round
from scheduler.returns import return_coefficients


def surviving_awards(instance: Instance) -> list[Award]:
    """Delivered time plus the baseline blocks some revision could keep."""
    remaining = remaining_round(instance)
    impossible = set(baseline_start(remaining, prepare(remaining.instance)).impossible)
    return [Award(d.request, d.instrument, d.shifts) for d in remaining.replan.delivered] + [
        Award(block.request, block.instrument, block.length)
        for block in baseline_blocks(remaining.replan)
        if block not in impossible
    ]


def candidate_awards(instance: Instance, solution: Solution) -> list[Award]:
    """Delivered time plus the candidate's blocks."""
    assert instance.replan is not None  # a re-plan instance
    return [Award(d.request, d.instrument, d.shifts) for d in instance.replan.delivered] + [
        Award(a.request, a.instrument, a.awarded_shifts) for a in solution.assignments
    ]


def value_recovered(instance: Instance, solution: Solution) -> ValueRecovered:
    """The value and shifts the candidate recovers against the bookings with their lost time."""
    assert instance.replan is not None  # a re-plan instance
    index = InstanceIndex(instance)
    before, after = surviving_awards(instance), candidate_awards(instance, solution)
    planned = sum(d.shifts for d in instance.replan.delivered) + sum(
        n for item in instance.replan.baseline for _, n in item.blocks
    )
    kept = sum(a.shifts for a in before)
    got = sum(a.shifts for a in after)
    kept_value, got_value = objective_value(index, before), objective_value(index, after)
    return ValueRecovered(
        planned_shifts=planned,
        lost_shifts=planned - kept,
        bookings_shifts=kept,
        candidate_shifts=got,
        shifts_recovered=got - kept,
        bookings_award_value=float(award_value(index, before)),
        candidate_award_value=float(award_value(index, after)),
        bookings_value=float(kept_value),
        candidate_value=float(got_value),
        value_recovered=float(got_value - kept_value),
    )


def agreement_figures(instance: Instance, solution: Solution) -> list[AgreementFigures]:
    """Every agreement (policy) of the round under the bookings and under the candidate."""
    index = InstanceIndex(instance)
    before, after = surviving_awards(instance), candidate_awards(instance, solution)
    return [
        AgreementFigures(
            agreement=policy.id,
            kind=policy.type,
            mode=policy.mode,
            before=_state(index, policy, before),
            after=_state(index, policy, after),
        )
        for policy in instance.policies
    ]


def _state(index: InstanceIndex, policy: Policy, awards: list[Award]) -> AgreementState:
    violation = float(policy_violation(index, policy, awards))
    if isinstance(policy, ContributionSharePolicy):
        coefficients = return_coefficients(index, policy, awards)
        return AgreementState(
            violation=violation,
            return_coefficients={
                country: _number(figure.cumulative) for country, figure in coefficients.items()
            },
        )
    balance = reciprocity_balance(index, policy, awards)
    return AgreementState(
        violation=violation,
        received={country: float(time) for country, time in balance.received.items()},
        balance=float(balance.balance),
    )


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
