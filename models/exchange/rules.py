"""The format's rules for one request, one set of shares and one policy, each written once.

`models.exchange.consistency` applies them to a whole instance document; the service
applies the same functions to every write (a submitted or edited proposal, an
agreement, a changed round calendar), so that a stored round is always a valid
instance. Each rule yields `Problem`s located relative to the object it checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from models.exchange.fields import MAX_DECIMALS, decimal_places
from models.exchange.instance import ContributionSharePolicy, ReciprocityPolicy
from models.exchange.problems import Loc, Problem

SHARE_SUM_TOLERANCE = Fraction(1, 10_000)
"""Shares must sum to 1 within this tolerance (the format's ± 0.0001), counted exactly."""


class RequestTerms(Protocol):
    """What the rules read of a request, all in shifts of the round (defaults filled in)."""

    @property
    def shifts(self) -> int: ...
    @property
    def min_shifts(self) -> int: ...
    @property
    def min_block(self) -> int: ...
    @property
    def release(self) -> int: ...
    @property
    def deadline(self) -> int: ...
    @property
    def unavailable(self) -> Iterable[tuple[int, int]] | Iterable[list[int]]: ...


def interval_problems(
    intervals: Iterable[tuple[int, int]] | Iterable[list[int]], n_shifts: int | None
) -> Iterator[Problem]:
    """Intervals are `[start, end)` with start < end <= n_shifts; located by index."""
    for k, (start, end) in enumerate(intervals):
        if end <= start:
            what = "is empty" if end == start else "ends before it starts"
            yield Problem((k,), f"[{start}, {end}] {what}; write [start, end) with start < end")
        elif n_shifts is not None and end > n_shifts:
            yield Problem(
                (k,), f"[{start}, {end}] reaches past the end of the round (n_shifts {n_shifts})"
            )


def request_problems(request: RequestTerms, n_shifts: int | None) -> Iterator[Problem]:
    """1 <= min_block <= min_shifts <= shifts <= n_shifts, a deadline inside the round, a
    window `[release, deadline)` that holds a block, unavailable intervals inside the round."""
    if request.min_shifts > request.shifts:
        yield Problem(("min_shifts",), f"{request.min_shifts} is more than shifts {request.shifts}")
    if request.min_block > request.min_shifts:
        yield Problem(
            ("min_block",), f"{request.min_block} is longer than min_shifts {request.min_shifts}"
        )
    if n_shifts is not None and request.shifts > n_shifts:
        yield Problem(
            ("shifts",), f"{request.shifts} is more than the whole round ({n_shifts} shifts)"
        )
    if n_shifts is not None and request.deadline > n_shifts:
        yield Problem(
            ("deadline",), f"{request.deadline} is after the end of the round ({n_shifts})"
        )
    if request.release >= request.deadline:
        yield Problem(
            ("release",), f"{request.release} is not before the deadline {request.deadline}"
        )
    elif request.deadline - request.release < request.min_block:
        yield Problem(
            ("deadline",),
            f"the window [{request.release}, {request.deadline}) is "
            f"{request.deadline - request.release} shifts, shorter than "
            f"min_block {request.min_block}",
        )
    for problem in interval_problems(request.unavailable, n_shifts):
        yield Problem(("unavailable", *problem.loc), problem.message)


def duplicate_problems(ids: Iterable[str], kind: str) -> Iterator[Problem]:
    """An id listed twice in one list (e.g. a request's instruments); located by index."""
    seen: set[str] = set()
    for k, identifier in enumerate(ids):
        if identifier in seen:
            yield Problem((k,), f"{kind} {identifier!r} is listed twice")
        seen.add(identifier)


def exact(value: float) -> Fraction:
    """`value` as the decimal it was written as (`0.1` is exactly 1/10)."""
    return Fraction(Decimal(repr(value)))


def share_problems(shares: Mapping[str, float]) -> Iterator[Problem]:
    """Each share has at most four decimals (located by country), and they sum to 1
    within ± 0.0001, counted exactly (located at the mapping itself)."""
    for code, share in shares.items():
        if decimal_places(share) > MAX_DECIMALS:
            yield Problem((code,), f"{share!r} has more than {MAX_DECIMALS} decimal places")
    total = sum((exact(share) for share in shares.values()), Fraction(0))
    if abs(total - 1) > SHARE_SUM_TOLERANCE:
        yield Problem((), f"shares sum to {float(total):g}, not 1 (allowed: 1 ± 0.0001)")


def policy_problems(policy: ContributionSharePolicy | ReciprocityPolicy) -> Iterator[Problem]:
    """Shares that sum to 1 and ratios in order for a contribution policy; two different
    countries, and credits only for them, for a reciprocity."""
    if isinstance(policy, ContributionSharePolicy):
        for problem in share_problems(policy.shares):
            yield Problem(("shares", *problem.loc), problem.message)
        if policy.max_ratio is not None and policy.max_ratio < policy.min_ratio:
            yield Problem(
                ("max_ratio",), f"{policy.max_ratio:g} is below min_ratio {policy.min_ratio:g}"
            )
        return
    first, second = policy.countries
    if first == second:
        yield Problem(
            ("countries",), f"names {first!r} twice; a reciprocity is between two countries"
        )
    for code in policy.credit:
        if code not in policy.countries:
            yield Problem(
                ("credit", code),
                f"{code!r} is not one of the agreement's countries {first!r} and {second!r}",
            )


def precedence_problems(pairs: Sequence[tuple[str, str]]) -> Iterator[Problem]:
    """Precedences `(before, after)` name two different requests and form no cycle; located
    by index, each cycle once, at the precedence that closes it."""
    successors: dict[str, list[tuple[int, str]]] = {}
    for i, (before, after) in enumerate(pairs):
        if before == after:
            yield Problem((i,), f"request {before!r} cannot precede itself")
            continue
        successors.setdefault(before, []).append((i, after))
    # Iterative depth-first search: a precedence chain may be longer than the recursion limit.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in successors:
        if root in state:
            continue
        path: list[str] = [root]
        edges: list[Iterator[tuple[int, str]]] = [iter(successors.get(root, []))]
        state[root] = 1
        while path:
            step = next(edges[-1], None)
            if step is None:
                state[path.pop()] = 2
                edges.pop()
                continue
            index, target = step
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                yield Problem((index,), "precedences form a cycle: " + " -> ".join(cycle))
            elif target not in state:
                state[target] = 1
                path.append(target)
                edges.append(iter(successors.get(target, [])))


def located(prefix: Loc, problems: Iterable[Problem]) -> Iterator[Problem]:
    """`problems` moved under `prefix` (e.g. a request's under `proposals[3].requests[0]`)."""
    for problem in problems:
        yield Problem((*prefix, *problem.loc), problem.message)
