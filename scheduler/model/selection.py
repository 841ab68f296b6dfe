"""The calendar-free selection model: how much each request gets, and where, without times.

It keeps every rule except the placement of blocks in time, which it replaces
by capacity rows that every schedule satisfies (`capacity_relaxation`); its
optimum is therefore an upper bound on the best schedule, and its solution a
target for placement.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.calendar import reachable_totals
from scheduler.model.awards import (
    AmountExpr,
    AwardVariables,
    Enforcement,
    add_award_choice,
    add_coupling,
    add_precedence_implications,
)
from scheduler.model.capacity_relaxation import add_instrument_capacity
from scheduler.model.keep import add_kept_amounts
from scheduler.model.objective import ObjectiveScale, set_objective
from scheduler.model.policies import PolicyConstraints, add_policies
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import KeepTerm, PreparedInstance


@dataclass
class SelectionModel:
    """The CP-SAT model with its award variables, policy literals and objective scale."""

    model: cp_model.CpModel
    awards: AwardVariables
    policies: PolicyConstraints
    objective: ObjectiveScale
    caps: dict[tuple[str, str], int]
    enforcement: Enforcement
    kept: list[tuple[KeepTerm, cp_model.IntVar]]
    """A re-plan's baseline blocks and their (relaxed) kept literals."""


def build_selection_model(
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    *,
    caps: dict[tuple[str, str], int] | None = None,
    with_enforcement_literals: bool = False,
) -> SelectionModel:
    """Build the selection model; `caps[(request, instrument)]` lowers what an option may hold."""
    model = cp_model.CpModel()
    awards = AwardVariables(model, Allocation())
    caps = dict(caps or {})
    for plan in prepared.plans.values():
        if not plan.placeable:
            continue
        amounts: dict[str, AmountExpr] = {}
        upper: dict[str, int] = {}
        for window in plan.windows:
            most = min(
                plan.request.shifts,
                window.capacity,
                caps.get((plan.id, window.instrument), plan.request.shifts),
            )
            totals = [
                (max(low, plan.request.min_shifts), high)
                for low, high in reachable_totals(window.runs, plan.request.min_block, most)
                if high >= plan.request.min_shifts
            ]
            if not totals:
                continue
            # Rule 1 per run: a run of length L holds 0 or min_block..L shifts of the
            # request, so on short runs some totals cannot be reached at all.
            domain = cp_model.Domain.from_intervals([[0, 0], *([lo, hi] for lo, hi in totals)])
            amounts[window.instrument] = model.new_int_var_from_domain(
                domain, f"shifts[{plan.id}@{window.instrument}]"
            )
            upper[window.instrument] = totals[-1][1]
        if amounts:
            add_award_choice(awards, prepared, plan.id, amounts, upper)
    enforcement: Enforcement | None = {} if with_enforcement_literals else None
    add_coupling(awards, prepared, enforcement)
    add_precedence_implications(awards, prepared, enforcement)
    add_instrument_capacity(awards, prepared)
    policies = add_policies(
        awards, prepared, rows, with_enforcement_literals=with_enforcement_literals
    )
    kept, kept_constant = add_kept_amounts(awards, prepared) if prepared.keep else ([], Fraction(0))
    objective = set_objective(
        awards,
        prepared,
        policies.penalties,
        extra_terms=[(term.weight, literal) for term, literal in kept],
        extra_constant=kept_constant,
    )
    switches = {**(enforcement or {}), **policies.enforcement}
    return SelectionModel(model, awards, policies, objective, caps, switches, kept)
