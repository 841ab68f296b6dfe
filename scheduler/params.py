"""What a caller controls about a solve, and what it hears back while it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Method = Literal["cpsat", "greedy"]


@dataclass(frozen=True)
class SolveParams:
    """Solver settings.

    Attributes:
        time_limit: wall-clock budget in seconds (in deterministic mode, a budget of
            CP-SAT deterministic time of the same size).
        workers: parallel CP-SAT workers (threads).
        seed: random seed of every randomised step.
        deterministic: same instance and seed give a byte-identical solution.
        method: "cpsat" (the engine) or "greedy" (rank-and-cut baseline).
    """

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 1
    deterministic: bool = False
    method: Method = "cpsat"


@dataclass(frozen=True)
class Progress:
    """An improving solution found during a solve: seconds since start, objective, bound, gap."""

    seconds: float
    objective: float
    bound: float | None
    gap: float | None


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
