"""Solve functions for fault-injection tests, with the engine's signature.

The worker process imports them by name (`BEAMTIME_SOLVER=tests.api.solvers:...`).
"""

from __future__ import annotations

import time

from models.exchange import Instance, Solution
from scheduler.params import Progress, ProgressCallback, SolveParams, StopCheck
from scheduler.solve import solve

SLOW_SOLVE_SECONDS = 120.0


def solve_slowly(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> Solution:
    """Report one improving solution, then search until asked to stop (or two minutes pass);
    return the greedy solution, as an interrupted engine returns its best one."""
    if on_progress is not None:
        on_progress(Progress(seconds=0.1, objective=1.0, bound=2.0, gap=0.5))
    deadline = time.monotonic() + SLOW_SOLVE_SECONDS
    while time.monotonic() < deadline and not (should_stop is not None and should_stop()):
        time.sleep(0.05)
    return solve(instance, SolveParams(method="greedy"))


def solve_and_crash(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> Solution:
    """Fail the way a buggy engine would."""
    raise RuntimeError("the engine broke down")


PAUSE_SECONDS = 1.5


def solve_after_a_pause(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> Solution:
    """Hold the worker for a moment, then solve for real: jobs queued together then
    cannot all be taken by the first worker to wake up."""
    time.sleep(PAUSE_SECONDS)
    return solve(instance, params, on_progress, should_stop)
