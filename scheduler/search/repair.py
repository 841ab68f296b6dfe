"""Stage: turn a capacity-valid allocation into a fully valid one by dropping or trimming awards.

Blocks keep their starts and may only get shorter or disappear, so capacity and
timing still hold; the model restores coupling, precedence implications and hard
policies at the least loss of objective.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import FreeRequest, Scope
from scheduler.policy_rows import PolicyRow
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model
from scheduler.search.validity import breaks_award_rules


def make_valid(
    incumbent: Incumbent, rows: dict[str, list[PolicyRow]], allocation: Allocation, seconds: float
) -> Allocation | None:
    """The best valid allocation found inside `allocation` (trimmed), or None if none in time."""
    prepared = incumbent.prepared
    if not breaks_award_rules(prepared, allocation):
        return allocation
    scope = Scope(
        {
            request_id: FreeRequest((placement.instrument,), shrink_only=placement)
            for request_id, placement in allocation.placements.items()
        },
        Allocation(),
    )
    # The empty allocation is the one hint known to satisfy coupling and precedences.
    model = build_schedule_model(prepared, rows, scope, hint=Allocation())
    solver = cp_model.CpSolver()
    outcome = run_model(
        model.model, solver, incumbent.params, seconds, should_stop=incumbent.should_stop
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    if not outcome.has_solution:
        return None
    return model.read_allocation(solver)
