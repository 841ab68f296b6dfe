"""Stage: large-neighbourhood search on the schedule model around the incumbent.

Each step frees a neighbourhood (`neighbourhoods`), keeps the rest fixed, and
solves the schedule model with the incumbent as hint; an improvement replaces
the incumbent. Neighbourhoods grow after steps solved to optimality and shrink
after steps that ran out of time. When the neighbourhood is the whole round the
model is the monolithic one (see `whole_round`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import Scope
from scheduler.policy_rows import PolicyRow
from scheduler.search.incumbent import Incumbent
from scheduler.search.neighbourhoods import (
    NEIGHBOURHOODS,
    Neighbourhood,
    around_free_room,
    around_the_loss,
    where_the_bound_differs,
)
from scheduler.search.runner import run_model


@dataclass
class NeighbourhoodSize:
    """Adaptive number of free requests per step."""

    current: int
    smallest: int = 8
    largest: int = 2000

    def after(self, solved_to_optimality: bool) -> None:
        """Grow after a proof, shrink after a timeout."""
        factor = 1.25 if solved_to_optimality else 0.8
        self.current = max(self.smallest, min(self.largest, int(self.current * factor)))


def improve_by_neighbourhoods(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    step_seconds: float,
    targets: dict[str, tuple[str, int]] | None = None,
    hit: Sequence[str] = (),
    *,
    replan: bool = False,
) -> None:
    """LNS until the budget is spent, the caller stops, or the gap closes; with the
    selection's `targets`, every other step is guided by where they differ from the
    incumbent; in a `replan`, the first step and every other one after it is around the
    lost time (the `hit` requests) or, when none is left to place (groups declined, nothing
    lost), around the open time the incumbent leaves unused."""
    prepared = incumbent.prepared
    strategies: tuple[Neighbourhood, ...] = NEIGHBOURHOODS
    if targets:
        guided = where_the_bound_differs(targets)
        strategies = tuple(
            s for pair in zip(NEIGHBOURHOODS, [guided] * 3, strict=True) for s in pair
        )
    if replan:
        placeable = [r for r in hit if r in prepared.plans and prepared.plans[r].placeable]
        lost = around_the_loss(placeable) if placeable else around_free_room
        strategies = tuple(s for strategy in strategies for s in (lost, strategy))
    rng = random.Random(incumbent.params.seed)
    size = NeighbourhoodSize(current=min(120, max(20, len(prepared.plans) // 10)))
    step = 0
    while incumbent.has_time_to_build() and not incumbent.closed_gap():
        strategy = strategies[step % len(strategies)]
        scope = strategy(prepared, incumbent.allocation, rng, size.current)
        step += 1
        if not scope.free:
            continue
        seconds = min(step_seconds, incumbent.remaining())
        optimal = _solve_neighbourhood(incumbent, rows, scope, seconds, step)
        size.after(optimal)


def _solve_neighbourhood(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    scope: Scope,
    seconds: float,
    step: int,
) -> bool:
    model = build_schedule_model(incumbent.prepared, rows, scope, hint=incumbent.allocation)
    solver = cp_model.CpSolver()
    outcome = run_model(
        model.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        seed_offset=step,
        should_stop=incumbent.should_stop,
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    if outcome.has_solution:
        incumbent.offer(model.read_allocation(solver))
    return outcome.optimal
