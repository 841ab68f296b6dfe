"""Solving the cases of a study side by side, one process per case, as the cores allow."""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

from models.exchange import Instance, Solution
from scheduler.params import SolveParams
from scheduler.solve import solve


def solve_side_by_side(
    instances: Mapping[str, Instance], params: SolveParams, processes: int
) -> dict[str, Solution]:
    """Solve every instance (each with `params`), `processes` at a time; results by key.

    With `processes` 1 the solves run one after the other in this process.
    """
    if processes <= 1 or len(instances) <= 1:
        return {key: solve(instance, params) for key, instance in instances.items()}
    # CP-SAT runs threads; a forked child of a threaded parent can deadlock, so spawn.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = {key: pool.submit(solve, instance, params) for key, instance in instances.items()}
        return {key: future.result() for key, future in futures.items()}
