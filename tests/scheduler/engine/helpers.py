"""Solving in tests: every solution the engine returns must pass the independent checker."""

from __future__ import annotations

from pathlib import Path

from models.exchange import Instance, Solution, parse_instance
from scheduler.checking import check_solution
from scheduler.params import SolveParams
from scheduler.solve import solve

DATA = Path(__file__).resolve().parents[2] / "data"


def load(name: str) -> Instance:
    """An instance from `tests/data`."""
    return parse_instance((DATA / name).read_bytes())


def solved(instance: Instance, time_limit: float = 5.0, **params: object) -> Solution:
    """Solve and assert that the checker accepts the solution (breaches listed on failure)."""
    solution = solve(instance, SolveParams(time_limit=time_limit, **params))  # type: ignore[arg-type]
    report = check_solution(instance, solution)
    assert report.valid, "\n".join(f"{b.path} ({b.rule}): {b.message}" for b in report.breaches)
    return solution


def awarded(solution: Solution) -> dict[str, int]:
    """Shifts per awarded request."""
    return {a.request: a.awarded_shifts for a in solution.assignments}
