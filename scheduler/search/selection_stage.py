"""Stage: solve the calendar-free selection model for a proven bound and placement targets."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.policies import hint_violations
from scheduler.model.selection import SelectionModel, build_selection_model
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model

Targets = dict[str, tuple[str, int]]
"""Request id -> (instrument, shifts) the selection awards it."""


@dataclass(frozen=True)
class SelectionResult:
    """The selection's award targets, and what its search proved."""

    targets: Targets
    objective: Fraction | None
    bound: Fraction | None
    optimal: bool
    infeasible: bool


def solve_selection(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    seconds: float,
    *,
    caps: dict[tuple[str, str], int] | None = None,
    hint: Targets | Allocation | None = None,
    seed_offset: int = 0,
) -> SelectionResult:
    """Solve the selection model; without `caps` its bound is a bound of the whole round."""
    prepared = incumbent.prepared
    selection = build_selection_model(prepared, rows, caps=caps)
    if hint is not None:
        _add_hint(selection, hint)
        if isinstance(hint, Allocation):
            ledger = PolicyLedger(prepared, rows, hint)
            penalties = selection.policies.penalties
            hint_violations(selection.model, penalties, ledger.values, ledger.scales)
    solver = cp_model.CpSolver()
    outcome = run_model(
        selection.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        seed_offset=seed_offset,
        should_stop=incumbent.should_stop,
        extra=_selection_parameters(incumbent.params.workers, len(prepared.plans)),
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    targets: Targets = {}
    if outcome.has_solution:
        for request_id, by_instrument in selection.awards.amount.items():
            for instrument, amount in by_instrument.items():
                shifts = solver.value(amount)
                if shifts > 0:
                    targets[request_id] = (instrument, shifts)
    scale = selection.objective
    exact = scale.exact and selection.policies.exact
    return SelectionResult(
        targets=targets,
        objective=scale.value(outcome.objective) if outcome.objective is not None else None,
        bound=scale.bound(outcome.bound) if outcome.bound is not None and exact else None,
        optimal=outcome.optimal,
        infeasible=outcome.infeasible,
    )


def _add_hint(selection: SelectionModel, hint: Targets | Allocation) -> None:
    chosen: Targets = (
        {r: (p.instrument, p.shifts) for r, p in hint.placements.items()}
        if isinstance(hint, Allocation)
        else hint
    )
    awards = selection.awards
    for request_id, award in awards.award.items():
        target = chosen.get(request_id)
        on = target[0] if target and target[0] in awards.choice[request_id] else None
        selection.model.add_hint(award, on is not None)
        for instrument, literal in awards.choice[request_id].items():
            selection.model.add_hint(literal, instrument == on)
            amount = awards.amount[request_id][instrument]
            if isinstance(amount, cp_model.IntVar):
                selection.model.add_hint(amount, target[1] if target and instrument == on else 0)
    placements = hint.placements if isinstance(hint, Allocation) else {}
    for term, literal in selection.kept:
        selection.model.add_hint(literal, term.kept_by(placements.get(term.request)))


LIGHT_PRESOLVE_REQUESTS = 3000
"""From this many requests on, the selection presolves lightly: at 10,000 proposals full
presolve took most of a 20 s budget before the first LP bound (one pass and no probing
gives the bound in a few seconds, measured on two cores)."""


def _selection_parameters(workers: int, requests: int) -> dict[str, object]:
    """An LP-heavy worker for the bound, the others for solutions (measured best on the ladder)."""
    parameters: dict[str, object] = (
        {"linearization_level": 2}
        if workers <= 1
        else {"subsolvers": ["max_lp", "quick_restart", "default_lp", "pseudo_costs"][:workers]}
    )
    if requests >= LIGHT_PRESOLVE_REQUESTS:
        parameters.update(max_presolve_iterations=1, cp_model_probing_level=0)
    return parameters
