"""Infeasible rounds: the smallest set of hard rules found that cannot hold together.

Every nameable hard rule (hard policies, precedences, coupled proposals) gets an
enforcement literal in the selection model; the model is solved under the
assumption that all hold, CP-SAT returns a sufficient subset, and deletion makes
that subset minimal: a rule is dropped while the rest stays infeasible.
The selection model relaxes only the calendar, so a conflict found there is a
conflict of the round.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.model.selection import build_selection_model
from scheduler.policy_rows import PolicyRow
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model

MIN_SECONDS = 1.0


def find_conflict(incumbent: Incumbent, rows: dict[str, list[PolicyRow]]) -> list[str] | None:
    """Names of a minimal conflicting set of hard rules, or None if none could be shown."""
    prepared = incumbent.prepared
    selection = build_selection_model(prepared, rows, with_enforcement_literals=True)
    switches = selection.enforcement
    seconds = max(MIN_SECONDS, incumbent.remaining())
    if not _infeasible_under(incumbent, selection.model, list(switches.values()), seconds):
        return None
    solver = cp_model.CpSolver()
    selection.model.clear_assumptions()
    selection.model.add_assumptions(list(switches.values()))
    outcome = run_model(selection.model, solver, incumbent.params, seconds, workers=1)
    if not outcome.infeasible:
        return None
    core_indices = set(solver.sufficient_assumptions_for_infeasibility())
    names = {literal.index: name for name, literal in switches.items()}
    core = sorted(names[i] for i in core_indices if i in names) or sorted(switches)
    for name in list(core):
        trial = [switches[n] for n in core if n != name]
        if _infeasible_under(incumbent, selection.model, trial, seconds):
            core.remove(name)
    return core


def _infeasible_under(
    incumbent: Incumbent, model: cp_model.CpModel, literals: list[cp_model.IntVar], seconds: float
) -> bool:
    model.clear_assumptions()
    model.add_assumptions(literals)
    solver = cp_model.CpSolver()
    outcome = run_model(model, solver, incumbent.params, seconds, workers=1)
    model.clear_assumptions()
    return outcome.infeasible
