"""The schedule model: blocks in time as optional intervals, every rule of the format.

Each free request gets, on each instrument it may use, a short ordered list of
optional block slots (`slots`), the rules of placement (`placement_rules`), and
the award, coupling, precedence and policy rules shared with the selection
model. Fixed placements enter as constants and fixed intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation, Placement
from scheduler.model.awards import (
    AmountExpr,
    AwardVariables,
    add_award_choice,
    add_coupling,
    add_precedence_implications,
)
from scheduler.model.keep import add_kept_literals
from scheduler.model.objective import ObjectiveScale, set_objective
from scheduler.model.placement_rules import (
    add_instrument_capacity,
    add_precedence_timing,
)
from scheduler.model.policies import PolicyConstraints, add_policies, hint_violations
from scheduler.model.scope import Scope
from scheduler.model.slots import Slot, make_slots
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance

GENEROUS_SLOTS = 8
"""Most block slots per request and instrument in whole-round models, unless more are needed."""

LEAN_SLOTS = 3
"""The same in neighbourhood and placement models, which must solve in a second or two."""


@dataclass
class ScheduleModel:
    """A schedule model, its variables and how to read a solution out of it."""

    model: cp_model.CpModel
    awards: AwardVariables
    slots: dict[str, dict[str, list[Slot]]]
    policies: PolicyConstraints
    objective: ObjectiveScale
    scope: Scope

    def read_allocation(
        self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
    ) -> Allocation:
        """The fixed placements plus what the solver chose for the free requests."""
        placements = dict(self.scope.fixed.placements)
        for request_id, by_instrument in self.slots.items():
            if not solver.boolean_value(self.awards.award[request_id]):
                continue
            for instrument, slots in by_instrument.items():
                blocks = tuple(
                    (solver.value(slot.start), solver.value(slot.size))
                    for slot in slots
                    if solver.boolean_value(slot.present)
                )
                if blocks:
                    placements[request_id] = Placement(instrument, tuple(sorted(blocks)))
        return Allocation(placements)


def build_schedule_model(
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    scope: Scope,
    *,
    hint: Allocation | None = None,
    slot_limit: int = LEAN_SLOTS,
    with_enforcement_literals: bool = False,
    award_rules: bool = True,
    policy_rules: bool = True,
    shift_bonus: Fraction | Mapping[str, Fraction] = Fraction(0),
) -> ScheduleModel:
    """Build the model of `scope`; `hint` (an allocation) seeds the search.

    Placement alone (`award_rules=False, policy_rules=False`) keeps rules 1-4 and
    precedence timing only; coupling, precedence implications and policies are
    then left to a later repair. When every free request is `shrink_only`,
    capacity and timing hold by construction and are not modelled.
    """
    model = cp_model.CpModel()
    awards = AwardVariables(model, scope.fixed)
    all_slots: dict[str, dict[str, list[Slot]]] = {}
    for request_id, free in sorted(scope.free.items()):
        plan = prepared.plans[request_id]
        hinted = hint.placements.get(request_id) if hint else None
        by_instrument: dict[str, list[Slot]] = {}
        amounts: dict[str, AmountExpr] = {}
        upper: dict[str, int] = {}
        for instrument in free.instruments:
            window = plan.window_on(instrument)
            if window is None:
                continue
            most = min(plan.request.shifts, window.capacity, free.most.get(instrument, 10**9))
            keep = free.shrink_only
            if keep is not None and keep.instrument != instrument:
                continue
            if most < plan.request.min_shifts:
                continue
            hint_blocks = hinted.blocks if hinted and hinted.instrument == instrument else ()
            slots = make_slots(model, plan, window, most, slot_limit, keep, hint_blocks)
            by_instrument[instrument] = slots
            amounts[instrument] = sum(slot.size for slot in slots)
            upper[instrument] = most
        if not amounts:
            continue
        add_award_choice(awards, prepared, request_id, amounts, upper)
        for instrument, slots in by_instrument.items():
            model.add(slots[0].present == awards.choice[request_id][instrument])
        all_slots[request_id] = by_instrument
        if hint is not None:
            _hint_award(model, awards, request_id, hinted)
    if award_rules:
        add_coupling(awards, prepared)
        add_precedence_implications(awards, prepared)
    if not all(free.shrink_only is not None for free in scope.free.values()):
        add_instrument_capacity(model, prepared, all_slots, scope.fixed)
        add_precedence_timing(model, prepared, all_slots, scope.fixed)
    policies = (
        add_policies(awards, prepared, rows, with_enforcement_literals=with_enforcement_literals)
        if policy_rules
        else PolicyConstraints([], True, {})
    )
    if hint is not None and policies.penalties:
        _hint_violations(model, prepared, rows, policies, all_slots, scope, hint)
    kept_terms, kept_constant = (
        add_kept_literals(model, prepared, all_slots, scope.fixed)
        if prepared.keep
        else ([], Fraction(0))
    )
    objective = set_objective(
        awards,
        prepared,
        policies.penalties,
        shift_bonus=shift_bonus,
        extra_terms=kept_terms,
        extra_constant=kept_constant,
    )
    return ScheduleModel(model, awards, all_slots, policies, objective, scope)


def _hint_violations(
    model: cp_model.CpModel,
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    policies: PolicyConstraints,
    slots: dict[str, dict[str, list[Slot]]],
    scope: Scope,
    hint: Allocation,
) -> None:
    """Hint the soft rows' violations with their values under the hinted awards (the fixed
    placements and each free request's hinted placement where the model can have it)."""
    hinted = {
        request_id: placement
        for request_id, placement in hint.placements.items()
        if placement.instrument in slots.get(request_id, {})
    }
    ledger = PolicyLedger(prepared, rows, Allocation({**scope.fixed.placements, **hinted}))
    hint_violations(model, policies.penalties, ledger.values, ledger.scales)


def _hint_award(
    model: cp_model.CpModel, awards: AwardVariables, request_id: str, hinted: Placement | None
) -> None:
    choices = awards.choice[request_id]
    on = hinted.instrument if hinted and hinted.instrument in choices else None
    model.add_hint(awards.award[request_id], on is not None)
    for instrument, literal in choices.items():
        model.add_hint(literal, instrument == on)
