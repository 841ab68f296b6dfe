"""The engine's entry point: `solve(instance, params) -> Solution`."""

from __future__ import annotations

import time
from dataclasses import replace

from models.exchange import Instance, Solution, Stats
from models.exchange.solution import Status
from scheduler.evaluation import exact
from scheduler.explain.decisions import decisions_for
from scheduler.params import ProgressCallback, SolveParams, StopCheck
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import KeepTerm, PreparedInstance, prepare
from scheduler.replan.baseline import baseline_start
from scheduler.replan.changes import revision_report
from scheduler.replan.kept import baseline_blocks
from scheduler.replan.remaining import remaining_round
from scheduler.replan.revision import Revision
from scheduler.result import solution_document
from scheduler.search.conflicts import find_conflict
from scheduler.search.engine import run_engine
from scheduler.search.greedy import greedy_allocation
from scheduler.search.incumbent import Incumbent
from scheduler.search.validity import breaks_award_rules


def solve(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> Solution:
    """Allocate the round: award and place shifts under every rule, explain every decision.

    Args:
        instance: a validated round.
        params: solver settings (defaults: 30 s, 2 workers, seed 1, CP-SAT).
        on_progress: called with each improving valid solution (and tighter bound).
        should_stop: polled during the search; returning True ends it early with
            the best solution found so far.

    Returns:
        A `beamtime-solution/1` document; a round whose hard rules cannot hold
        together gets `status: infeasible` and a conflict set, never an exception.
    """
    solution = _solve(instance, params or SolveParams(), on_progress, should_stop)
    if instance.replan is not None and solution.status in ("optimal", "feasible"):
        solution = solution.model_copy(update={"revision": revision_report(instance, solution)})
    return solution


def _solve(
    instance: Instance,
    params: SolveParams,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> Solution:
    started = time.perf_counter()
    prepared, revision = prepared_round(instance)
    rows = all_policy_rows(prepared.index)
    incumbent = Incumbent(prepared, params, on_progress, should_stop, revision)
    incumbent.clock.started = started  # reading and preparing the round count against the limit
    if params.method == "greedy":
        allocation = greedy_allocation(prepared)
        if revision is not None:
            allocation = revision.admit(allocation) or revision.start.allocation
        valid = not breaks_award_rules(prepared, allocation)
        status: Status = "feasible" if valid else "unknown"
        return solution_document(
            prepared,
            allocation,
            status=status,
            bound=None,
            decisions=decisions_for(prepared, allocation, rows),
            stats=_stats(params, started, incumbent),
            revision=revision,
        )
    if revision is not None:
        hit = sorted({block.request for block in revision.start.impossible})
        run_engine(incumbent, rows, revision.start.allocation, hit)
    else:
        run_engine(incumbent, rows)
    if incumbent.objective is None:
        conflict = find_conflict(incumbent, rows) if incumbent.proven_infeasible else None
        return solution_document(
            prepared,
            incumbent.allocation,
            status="infeasible" if conflict is not None else "unknown",
            bound=None,
            decisions=[],
            conflict=conflict,
            stats=_stats(params, started, incumbent),
            revision=revision,
        )
    optimal = incumbent.closed_gap()
    return solution_document(
        prepared,
        incumbent.allocation,
        status="optimal" if optimal else "feasible",
        bound=incumbent.bound,
        decisions=decisions_for(prepared, incumbent.allocation, rows),
        stats=_stats(params, started, incumbent),
        revision=revision,
    )


def prepared_round(instance: Instance) -> tuple[PreparedInstance, Revision | None]:
    """The round the engine searches: the instance itself, or a re-plan's remaining round
    with the terms that make its objective the re-plan's (see `scheduler.replan`)."""
    if instance.replan is None:
        return prepare(instance), None
    remaining = remaining_round(instance)
    prepared = prepare(remaining.instance)
    start = baseline_start(remaining, prepared)
    weight = exact(remaining.replan.change_weight)
    impossible = set(start.impossible)
    keep = tuple(
        KeepTerm(block.request, block.instrument, block.start, block.length, weight)
        for block in baseline_blocks(remaining.replan)
        if block not in impossible
    )
    timing = remaining.timing_after_started
    requests = remaining.original_index.requests
    started = {r: requests[r].min_block for r in remaining.started if r in prepared.plans}
    prepared = replace(
        prepared,
        keep=keep,
        timing_only=timing,
        started_min_block=started,
        now=remaining.replan.now,
    )
    return prepared, Revision(remaining, start)


def _stats(params: SolveParams, started: float, incumbent: Incumbent) -> Stats:
    # In deterministic mode the wall time would differ between runs; the file holds the
    # deterministic time instead, so that the same instance and seed give the same bytes.
    seconds = (
        round(incumbent.clock.deterministic_used, 3)
        if params.deterministic
        else round(time.perf_counter() - started, 3)
    )
    return Stats(
        seconds=seconds,
        workers=params.workers,
        seed=params.seed,
        method=params.method,
        deterministic=params.deterministic,
    )
