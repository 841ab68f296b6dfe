"""One benchmark case in a fresh process: greedy baseline, engine trace, peak memory."""

from __future__ import annotations

import resource
import time
from dataclasses import asdict, dataclass, field

from benchmarks.cases import Case
from scheduler.checking import check_solution
from scheduler.generator import generate_instance
from scheduler.params import Progress, SolveParams
from scheduler.solve import solve


@dataclass
class CaseResult:
    """What one case measured; times in seconds, memory in MiB."""

    case: str
    proposals: int
    requests: int
    instruments: int
    shifts: int
    policies: str
    calendar: str
    time_limit: float
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    first_valid_seconds: float | None
    first_nonempty_seconds: float | None
    checker_valid: bool
    greedy_objective: float | None
    greedy_valid: bool
    greedy_violations: dict[str, float]
    peak_memory_mib: float
    trace: list[tuple[float, float, float | None]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """Plain data for the results file."""
        return asdict(self)


def run_case(case: Case, time_limit: float, workers: int) -> CaseResult:
    """Generate the round, run the baseline and the engine, check the engine's solution."""
    instance = generate_instance(case.config())
    greedy = solve(instance, SolveParams(method="greedy"))
    trace: list[tuple[float, float, float | None]] = []
    started = time.perf_counter()
    first_nonempty: list[float] = []

    def record(progress: Progress) -> None:
        elapsed = time.perf_counter() - started
        trace.append((round(elapsed, 3), progress.objective, progress.bound))
        if progress.objective > 0 and not first_nonempty:
            first_nonempty.append(elapsed)

    solution = solve(instance, SolveParams(time_limit=time_limit, workers=workers), record)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return CaseResult(
        case=case.name,
        proposals=case.proposals,
        requests=sum(len(p.requests) for p in instance.proposals),
        instruments=case.instruments,
        shifts=case.shifts,
        policies=case.policies,
        calendar=case.calendar,
        time_limit=time_limit,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        seconds=round(seconds, 2),
        first_valid_seconds=trace[0][0] if trace else None,
        first_nonempty_seconds=round(first_nonempty[0], 3) if first_nonempty else None,
        checker_valid=check_solution(instance, solution).valid,
        greedy_objective=greedy.objective,
        greedy_valid=check_solution(instance, greedy).valid,
        greedy_violations={p.id: p.violation for p in greedy.policies if p.violation > 0},
        peak_memory_mib=round(peak, 1),
        trace=trace,
    )
