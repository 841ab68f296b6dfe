"""A re-plan's figures against the bookings: each agreement before and after, and the value
recovered.

*Before* is what the round's bookings give now, with the time the outages took out of
them: delivered time plus the baseline's shifts that are still open. *After* is what the
candidate gives: delivered time plus its blocks. Both use the engine's own formulas
(`scheduler.evaluation`), so the figures are those the pages and reports show.

The *value recovered* is the candidate's award value (score x shifts, delivered time
included) minus that of the bookings with their lost time; the *shifts recovered* are its
awarded shifts minus theirs. A re-plan that gives lost time back recovers a positive
value; one that only moves blocks recovers 0.
"""

from __future__ import annotations

from fractions import Fraction

from api.replans.schemas import AgreementFigures, AgreementState, ValueRecovered
from models.exchange import ContributionSharePolicy, Instance, Policy, Solution
from scheduler.evaluation import (
    Award,
    award_value,
    policy_violation,
    reciprocity_balance,
    return_coefficients,
)
from scheduler.index import InstanceIndex


def surviving_awards(instance: Instance) -> list[Award]:
    """Delivered time plus the baseline's shifts not closed (lost) on their instrument."""
    assert instance.replan is not None  # a re-plan instance
    index = InstanceIndex(instance)
    awards = [Award(d.request, d.instrument, d.shifts) for d in instance.replan.delivered]
    for item in instance.replan.baseline:
        closed = index.closed_shifts(item.instrument)
        open_shifts = sum(
            1
            for start, length in item.blocks
            for shift in range(start, start + length)
            if shift not in closed
        )
        if open_shifts:
            awards.append(Award(item.request, item.instrument, open_shifts))
    return awards


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
    kept_value, got_value = award_value(index, before), award_value(index, after)
    return ValueRecovered(
        planned_shifts=planned,
        lost_shifts=planned - kept,
        bookings_shifts=kept,
        candidate_shifts=got,
        shifts_recovered=got - kept,
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
