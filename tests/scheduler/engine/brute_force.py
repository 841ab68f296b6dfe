"""Exhaustive enumeration of every valid award of a tiny round: the reference optimum.

A request's award on an instrument is a set of usable shifts whose maximal runs
are at least `min_block` long (adjacent blocks merge, so that is exactly rule 1)
and whose size lies in `[min_shifts, shifts]`.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from models.exchange import Instance, Request
from scheduler.evaluation import Award, objective_value, policy_violations
from scheduler.index import InstanceIndex

Option = tuple[str, frozenset[int]] | None


def best_objective(instance: Instance) -> Fraction:
    """The largest objective over all valid awards (0 awards included if valid)."""
    index = InstanceIndex(instance)
    requests = list(index.requests.values())
    options = [_options(index, request) for request in requests]
    best: Fraction | None = None
    for choice in itertools.product(*options):
        chosen = dict(zip((r.id for r in requests), choice, strict=True))
        if not _valid(instance, index, chosen):
            continue
        awards = [Award(r, o[0], len(o[1])) for r, o in chosen.items() if o is not None]
        violations = policy_violations(index, awards)
        if any(
            p.mode == "hard" and violations[p.id] > Fraction(1, 10**6) for p in instance.policies
        ):
            continue
        value = objective_value(index, awards, violations)
        best = value if best is None else max(best, value)
    assert best is not None, "no valid award at all"
    return best


def _options(index: InstanceIndex, request: Request) -> list[Option]:
    options: list[Option] = [None]
    for instrument in request.instruments:
        usable = index.open_shifts(request, instrument)
        for size in range(request.min_shifts, min(request.shifts, len(usable)) + 1):
            options.extend(
                (instrument, frozenset(shifts))
                for shifts in itertools.combinations(usable, size)
                if _runs_long_enough(shifts, request.min_block)
            )
    return options


def _runs_long_enough(shifts: tuple[int, ...], min_block: int) -> bool:
    run = 1
    for previous, current in itertools.pairwise(shifts):
        if current == previous + 1:
            run += 1
        else:
            if run < min_block:
                return False
            run = 1
    return run >= min_block


def _valid(instance: Instance, index: InstanceIndex, chosen: dict[str, Option]) -> bool:
    load: dict[tuple[str, int], int] = {}
    for option in chosen.values():
        if option is not None:
            for shift in option[1]:
                key = (option[0], shift)
                load[key] = load.get(key, 0) + 1
                if load[key] > index.instruments[option[0]].capacity:
                    return False
    for proposal in instance.proposals:
        if proposal.coupled and len({chosen[r.id] is None for r in proposal.requests}) > 1:
            return False
    for precedence in instance.precedences:
        after, before = chosen[precedence.after], chosen[precedence.before]
        if after is None:
            continue
        if before is None or min(after[1]) < max(before[1]) + 1 + precedence.min_gap:
            return False
    return True
