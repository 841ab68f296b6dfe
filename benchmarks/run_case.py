"""One benchmark case in a fresh process: greedy baseline, an engine run, peak memory."""

from __future__ import annotations

import resource
import time
from dataclasses import asdict, dataclass, field
from itertools import pairwise

from benchmarks.cases import Case
from scheduler.checking import check_solution
from scheduler.generator import generate_instance
from scheduler.params import Progress, SolveParams
from scheduler.solve import solve


@dataclass
class RunResult:
    """One engine run with a given budget; times in seconds, memory in MiB."""

    time_limit: float
    seed: int
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    first_valid_seconds: float | None
    first_nonempty_seconds: float | None
    checker_valid: bool
    peak_memory_mib: float
    trace: list[tuple[float, float, float | None]] = field(default_factory=list)


@dataclass
class CaseResult:
    """A case: its round, the baseline, and one engine run per checkpoint."""

    case: str
    proposals: int
    requests: int
    instruments: int
    shifts: int
    policies: str
    calendar: str
    greedy_objective: float | None
    greedy_valid: bool
    greedy_violations: dict[str, float]
    runs: list[RunResult] = field(default_factory=list)
    seed_runs: list[RunResult] = field(default_factory=list)
    """Runs at one budget with other solver seeds (the spread of two racing workers)."""

    @property
    def monotone(self) -> bool:
        """Whether the objective never fell as the budget grew (same seed)."""
        objectives = [run.objective or 0.0 for run in self.runs]
        return all(b >= a - 1e-6 for a, b in pairwise(objectives))

    def as_json(self) -> dict[str, object]:
        """Plain data for the results file."""
        return {**asdict(self), "monotone": self.monotone}


def baseline(case: Case) -> CaseResult:
    """The round's figures and the greedy (rank-and-cut) baseline."""
    instance = generate_instance(case.config())
    greedy = solve(instance, SolveParams(method="greedy"))
    return CaseResult(
        case=case.name,
        proposals=case.proposals,
        requests=sum(len(p.requests) for p in instance.proposals),
        instruments=case.instruments,
        shifts=case.shifts,
        policies=case.policies,
        calendar=case.calendar,
        greedy_objective=greedy.objective,
        greedy_valid=check_solution(instance, greedy).valid,
        greedy_violations={p.id: p.violation for p in greedy.policies if p.violation > 0},
    )


def engine_run(case: Case, time_limit: float, workers: int, seed: int = 1) -> RunResult:
    """Solve the round with `time_limit` seconds and check the solution (run in a fresh process)."""
    instance = generate_instance(case.config())
    trace: list[tuple[float, float, float | None]] = []
    first_nonempty: list[float] = []
    started = time.perf_counter()

    def record(progress: Progress) -> None:
        elapsed = time.perf_counter() - started
        trace.append((round(elapsed, 3), progress.objective, progress.bound))
        if progress.objective > 0 and not first_nonempty:
            first_nonempty.append(elapsed)

    params = SolveParams(time_limit=time_limit, workers=workers, seed=seed)
    solution = solve(instance, params, record)
    seconds = time.perf_counter() - started
    return RunResult(
        time_limit=time_limit,
        seed=seed,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        seconds=round(seconds, 2),
        first_valid_seconds=trace[0][0] if trace else None,
        first_nonempty_seconds=round(first_nonempty[0], 3) if first_nonempty else None,
        checker_valid=check_solution(instance, solution).valid,
        peak_memory_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        trace=trace,
    )
