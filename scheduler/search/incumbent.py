"""The best valid allocation so far, its exact objective, the best proven bound, and the clock."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from scheduler.allocation import Allocation
from scheduler.evaluation import objective_value
from scheduler.params import Progress, ProgressCallback, SolveParams, StopCheck
from scheduler.prepare import PreparedInstance
from scheduler.search.validity import breaks_award_rules

BUILD_SECONDS_PER_REQUEST = 0.0002

CPU_SECONDS_PER_DETERMINISTIC_SECOND = 3.4
"""What CP-SAT spent per deterministic second of budget on a 550-request round (M rounds of
the ladder: 2.7-3.4 CPU seconds, overshoot of the budget included)."""

CPU_GROWTH_WITH_SIZE = 0.3
"""How that cost grows with the round: (requests / 550) ** 0.3 (measured 4.7 on 2,751
requests, 8.3 on 13,750: larger models do more LP work, which deterministic time counts
less, and overshoot their budget by up to 60%)."""

PARALLEL_SPEEDUP_PER_WORKER = 0.35
"""Wall-time speed-up each worker beyond the first gives in interleaved (deterministic)
search, whose workers wait for each other at every batch (measured 1.39-1.45 with two)."""


def deterministic_rate(requests: int, workers: int) -> float:
    """Deterministic seconds a solve can spend per second of its limit, so that a
    deterministic run ends within its limit on the project's machine (two cores). A function
    of the round's size and the workers only, so that the same instance, seed and limit
    always give the same budget."""
    growth = math.pow(max(1.0, requests / 550), CPU_GROWTH_WITH_SIZE)
    cpu_per_deterministic_second = CPU_SECONDS_PER_DETERMINISTIC_SECOND * growth
    speedup = 1.0 + PARALLEL_SPEEDUP_PER_WORKER * (max(1, workers) - 1)
    return speedup / cpu_per_deterministic_second


@dataclass
class Clock:
    """Elapsed time: wall seconds, or in deterministic mode the CP-SAT deterministic time used."""

    deterministic: bool
    started: float = field(default_factory=time.perf_counter)
    deterministic_used: float = 0.0

    def elapsed(self) -> float:
        """Seconds used so far, in the clock's unit."""
        if self.deterministic:
            return self.deterministic_used
        return time.perf_counter() - self.started

    def charge(self, deterministic_seconds: float) -> None:
        """Account for a CP-SAT run's deterministic time."""
        self.deterministic_used += deterministic_seconds


class ObjectiveTerms(Protocol):
    """What a variant of the round adds to the objective the models see (a re-plan: delivered
    value and the change penalty), and which allocations it admits."""

    def admit(self, allocation: Allocation) -> Allocation | None:
        """The allocation as the variant allows it, or None when it is not valid there."""
        ...

    def adjustment(self, allocation: Allocation) -> Fraction:
        """What the variant adds to the models' objective of `allocation`."""
        ...

    @property
    def bound_offset(self) -> Fraction:
        """What the variant adds to a bound on the models' objective, soundly (never more
        than the adjustment of any allocation)."""
        ...


class Incumbent:
    """Keeps the best allocation offered, reports improvements, and tracks the bound."""

    def __init__(
        self,
        prepared: PreparedInstance,
        params: SolveParams,
        on_progress: ProgressCallback | None,
        should_stop: StopCheck | None,
        terms: ObjectiveTerms | None = None,
    ) -> None:
        """`terms`, when given, are added to every objective and bound (see `ObjectiveTerms`)."""
        self.prepared = prepared
        self.terms = terms
        self.params = params
        self.polish: Callable[[Allocation], Allocation | None] | None = None
        """Applied to every new incumbent (the engine sets it to filling on small rounds)."""
        self.clock = Clock(params.deterministic)
        # In deterministic mode the limit is counted in CP-SAT's deterministic seconds, at
        # the rate they are done here, so that the wall time stays within the limit.
        rate = (
            deterministic_rate(len(prepared.plans), params.workers) if params.deterministic else 1.0
        )
        self.limit = params.time_limit * rate
        self.reserve = _reserve(prepared, params.time_limit) * rate
        self.allocation = Allocation()
        self.objective: Fraction | None = None
        self.bound: Fraction | None = None
        self.proven_optimal = False
        self.proven_infeasible = False
        self._on_progress = on_progress
        self._should_stop = should_stop
        self._lock = threading.RLock()  # whole-round formulations offer from two threads

    def remaining(self) -> float:
        """Budget left for the search, in the clock's unit (explanations need the reserve)."""
        return max(0.0, self.limit - self.reserve - self.clock.elapsed())

    def budget(self, seconds: float) -> float:
        """A stage's own budget, cut to what is left: stages have budgets of their own (set
        by the round's size, never by the time limit), so that a longer limit extends the
        trajectory of a shorter one instead of changing it."""
        return min(seconds, self.remaining())

    def has_time_to_build(self) -> bool:
        """Whether a stage that first builds a whole-round model can still do anything: in
        wall time, building one takes about 0.2 ms per request (measured at 10,000
        proposals), and a model built with no time left to solve it is time lost."""
        if self.stopped():
            return False
        if self.params.deterministic:  # model building is not counted in this clock
            return True
        return self.remaining() > 0.05 + BUILD_SECONDS_PER_REQUEST * len(self.prepared.plans)

    def stopped(self) -> bool:
        """Whether the caller asked to stop or the budget is spent."""
        if self._should_stop is not None and self._should_stop():
            return True
        return self.remaining() <= 0

    def should_stop(self) -> bool:
        """Whether the caller asked to stop (not the budget)."""
        return self._should_stop is not None and self._should_stop()

    def offer(self, allocation: Allocation) -> bool:
        """Keep `allocation` if it beats the incumbent and keeps coupling, precedences and
        hard policies (the models guarantee rules 1-4; these are rechecked as a safeguard)."""
        valued = self._valued(allocation)
        if valued is None:
            return False
        allocation, value = valued
        with self._lock:
            if self.objective is not None and value <= self.objective:
                return False
            self.allocation, self.objective = allocation, value
            if self.polish is not None:
                self._polish(self.polish)
            self._report()
        return True

    def admitted(self, allocation: Allocation) -> Allocation | None:
        """`allocation` as the variant admits it (itself outside variants), or None."""
        return allocation if self.terms is None else self.terms.admit(allocation)

    def _polish(self, polish: Callable[[Allocation], Allocation | None]) -> None:
        """Replace the new incumbent by its polished form when that is valid and better, so
        that every incumbent is already filled: the schedule a run has at any moment is then
        the one a run with that limit returns, and more time never gives less."""
        polished = polish(self.allocation)
        valued = self._valued(polished) if polished is not None else None
        if valued is not None and (self.objective is None or valued[1] > self.objective):
            self.allocation, self.objective = valued

    def _valued(self, allocation: Allocation) -> tuple[Allocation, Fraction] | None:
        """`allocation` as the variant admits it, with its exact objective, or None when it
        is not valid (the variant refuses it, or it breaks coupling, precedences or hard
        policies)."""
        if self.terms is not None:
            admitted = self.terms.admit(allocation)
            if admitted is None:
                return None
            allocation = admitted
        if breaks_award_rules(self.prepared, allocation):
            return None
        value = objective_value(self.prepared.index, allocation.awards())
        if self.terms is not None:
            value += self.terms.adjustment(allocation)
        return allocation, value

    def improve_bound(self, bound: Fraction) -> None:
        """Record a proven upper bound (on the models' objective) if it is tighter."""
        if self.terms is not None:
            bound += self.terms.bound_offset
        with self._lock:
            if self.bound is None or bound < self.bound:
                self.bound = bound
                self._report()

    def closed_gap(self) -> bool:
        """Whether the incumbent meets the bound (it is then optimal).

        With `terms`, a model's proof of optimality speaks of the models' round, whose best
        allocation `admit` may have trimmed: only the bound is trusted then.
        """
        return (self.proven_optimal and self.terms is None) or (
            self.bound is not None and self.objective is not None and self.objective >= self.bound
        )

    @property
    def gap(self) -> float | None:
        """(bound - objective) / max(1, |bound|), or None while either is unknown."""
        if self.bound is None or self.objective is None:
            return None
        return float(
            max(Fraction(0), self.bound - self.objective) / max(Fraction(1), abs(self.bound))
        )

    def _report(self) -> None:
        if self._on_progress is None or self.objective is None:
            return
        self._on_progress(
            Progress(
                seconds=round(self.clock.elapsed(), 3),
                objective=float(self.objective),
                bound=None if self.bound is None else float(self.bound),
                gap=self.gap,
            )
        )


def _reserve(prepared: PreparedInstance, time_limit: float) -> float:
    """Seconds kept back for filling, explaining and writing the result, so that the solve
    ends on time (measured: about 0.3 ms per request at 10,000 proposals), at most 40% of
    the budget."""
    return min(0.4 * time_limit, 0.1 + 0.0003 * len(prepared.plans))
