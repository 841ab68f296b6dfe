"""The time-indexed model of a whole round: one boolean per request, instrument and shift.

For short horizons it is the strongest model we have: its linear relaxation
sees the calendar shift by shift, so CP-SAT proves optimality where the
interval model cannot. A request uses a set of shifts on one instrument whose
maximal runs are at least `min_block` long (rule 1), inside its usable runs
(rules 1 and 3); capacity is a sum per shift (rule 4).
"""

from __future__ import annotations

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
from scheduler.model.keep import add_kept_shifts
from scheduler.model.objective import ObjectiveScale, set_objective
from scheduler.model.policies import PolicyConstraints, add_policies
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance

Uses = dict[int, cp_model.IntVar]
"""Shift -> "the request uses this shift here"."""


@dataclass
class TimeIndexedModel:
    """The model, its variables, and how to read an allocation back."""

    model: cp_model.CpModel
    awards: AwardVariables
    uses: dict[str, dict[str, Uses]]
    policies: PolicyConstraints
    objective: ObjectiveScale

    def read_allocation(
        self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
    ) -> Allocation:
        """Blocks are the maximal runs of used shifts."""
        placements: dict[str, Placement] = {}
        for request_id, by_instrument in self.uses.items():
            for instrument, uses in by_instrument.items():
                used = sorted(t for t, literal in uses.items() if solver.boolean_value(literal))
                if used:
                    placements[request_id] = Placement(instrument, _runs_as_blocks(used))
        return Allocation(placements)


def time_indexed_size(prepared: PreparedInstance) -> int:
    """How many shift booleans the model would have."""
    return sum(w.capacity for plan in prepared.plans.values() for w in plan.windows)


def build_time_indexed_model(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], hint: Allocation | None
) -> TimeIndexedModel:
    """The whole round, every request free on every usable alternative."""
    model = cp_model.CpModel()
    awards = AwardVariables(model, Allocation())
    uses: dict[str, dict[str, Uses]] = {}
    on_shift: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    for request_id, plan in prepared.plans.items():
        if not plan.placeable:
            continue
        request = plan.request
        by_instrument: dict[str, Uses] = {}
        amounts: dict[str, AmountExpr] = {}
        upper: dict[str, int] = {}
        for window in plan.windows:
            shifts = {
                t: model.new_bool_var(f"uses[{request_id}@{window.instrument}#{t}]")
                for start, end in window.runs
                for t in range(start, end)
            }
            _runs_at_least(model, shifts, request.min_block)
            for t, literal in shifts.items():
                on_shift.setdefault((window.instrument, t), []).append(literal)
            by_instrument[window.instrument] = shifts
            amounts[window.instrument] = sum(shifts.values())
            upper[window.instrument] = min(request.shifts, window.capacity)
        add_award_choice(awards, prepared, request_id, amounts, upper)
        uses[request_id] = by_instrument
    for (instrument, _), literals in on_shift.items():
        if len(literals) > prepared.index.instruments[instrument].capacity:
            model.add(sum(literals) <= prepared.index.instruments[instrument].capacity)
    add_coupling(awards, prepared)
    add_precedence_implications(awards, prepared)
    _precedence_timing(model, prepared, uses)
    policies = add_policies(awards, prepared, rows)
    kept_terms, kept_constant = (
        add_kept_shifts(model, prepared, uses, hint) if prepared.keep else ([], Fraction(0))
    )
    objective = set_objective(
        awards,
        prepared,
        policies.penalties,
        extra_terms=kept_terms,
        extra_constant=kept_constant,
    )
    if hint is not None:
        _hint(model, awards, uses, hint)
    return TimeIndexedModel(model, awards, uses, policies, objective)


def _runs_at_least(model: cp_model.CpModel, shifts: Uses, min_block: int) -> None:
    """Rule 1: a run that starts at t covers t .. t + min_block - 1."""
    if min_block <= 1:
        return
    for t, literal in shifts.items():
        previous = shifts.get(t - 1)
        starts = [literal] if previous is None else [literal, ~previous]
        for k in range(1, min_block):
            following = shifts.get(t + k)
            if following is None:
                model.add_bool_or([~s for s in starts])
                break
            model.add_implication(literal, following).only_enforce_if(starts[1:])


def _precedence_timing(
    model: cp_model.CpModel, prepared: PreparedInstance, uses: dict[str, dict[str, Uses]]
) -> None:
    """Rule 6: no shift of `after` before the last shift of `before` plus `min_gap` (also for
    `prepared.timing_only`, a re-plan's started `before`s)."""
    for precedence in (*prepared.instance.precedences, *prepared.timing_only):
        before = uses.get(precedence.before)
        after = uses.get(precedence.after)
        if not before or not after:
            continue
        horizon = prepared.n_shifts
        end = model.new_int_var(0, horizon, f"end[{precedence.before}]")
        # Up to `min_gap` past the horizon: an `after` with no shift at all must not keep
        # `before` from ending late.
        start = model.new_int_var(0, horizon + precedence.min_gap, f"start[{precedence.after}]")
        for by_instrument in before.values():
            for t, literal in by_instrument.items():
                model.add(end >= t + 1).only_enforce_if(literal)
        for by_instrument in after.values():
            for t, literal in by_instrument.items():
                model.add(start <= t).only_enforce_if(literal)
        model.add(start >= end + precedence.min_gap)


def _hint(
    model: cp_model.CpModel,
    awards: AwardVariables,
    uses: dict[str, dict[str, Uses]],
    hint: Allocation,
) -> None:
    for request_id, by_instrument in uses.items():
        placement = hint.placements.get(request_id)
        used = set()
        if placement is not None:
            used = {(placement.instrument, t) for s, n in placement.blocks for t in range(s, s + n)}
        model.add_hint(awards.award[request_id], placement is not None)
        for instrument, shifts in by_instrument.items():
            model.add_hint(
                awards.choice[request_id][instrument],
                placement is not None and placement.instrument == instrument,
            )
            for t, literal in shifts.items():
                model.add_hint(literal, (instrument, t) in used)


def _runs_as_blocks(used: list[int]) -> tuple[tuple[int, int], ...]:
    blocks: list[tuple[int, int]] = []
    for t in used:
        if blocks and blocks[-1][0] + blocks[-1][1] == t:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
        else:
            blocks.append((t, 1))
    return tuple(blocks)
