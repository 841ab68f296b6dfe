"""Rules of `beamtime-instance/1` that relate several fields or objects.

Each rule is a function that yields `Problem`s; `find_consistency_problems` runs
them all, so a document's problems are reported together. Rules see only the
objects that passed their own field checks (see `InstanceParts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction

from models.exchange.instance import ContributionSharePolicy, ReciprocityPolicy
from models.exchange.parts import InstanceParts
from models.exchange.problems import Loc, Problem
from models.exchange.replan_rules import (
    baseline_blocks,
    delivered_time,
    history_countries,
    replan_now_inside_horizon,
)

SHARE_SUM_TOLERANCE = Fraction(1, 10_000)
"""Shares must sum to 1 within this tolerance (the format's ± 0.0001)."""


def find_consistency_problems(parts: InstanceParts) -> list[Problem]:
    """Every cross-field problem of the document, in document order."""
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(parts))
    return problems


class _Ids:
    """Ids defined in the document, by kind, for reference checks."""

    def __init__(self, parts: InstanceParts) -> None:
        self.country = {country.code for _, country in parts.countries}
        self.facility = {facility.id for _, facility in parts.facilities}
        self.instrument = {instrument.id for _, instrument in parts.instruments}
        self.request = {
            request.id for _, proposal in parts.proposals for request in proposal.requests
        }
        for kind, written in parts.written_ids.items():
            getattr(self, kind).update(written)


def _duplicates(items: Iterable[tuple[Loc, str]], kind: str) -> Iterator[Problem]:
    first_seen: dict[str, Loc] = {}
    for loc, identifier in items:
        if identifier in first_seen:
            where = Problem(first_seen[identifier], "").path
            yield Problem(loc, f"{kind} {identifier!r} is defined twice (first at {where})")
        else:
            first_seen[identifier] = loc


def unique_ids(parts: InstanceParts) -> Iterator[Problem]:
    """Ids are unique within their kind; request ids across the whole instance."""
    yield from _duplicates(
        ((("countries", i, "code"), country.code) for i, country in parts.countries), "country"
    )
    yield from _duplicates(
        ((("facilities", i, "id"), facility.id) for i, facility in parts.facilities), "facility"
    )
    yield from _duplicates(
        ((("instruments", i, "id"), item.id) for i, item in parts.instruments), "instrument"
    )
    yield from _duplicates(
        ((("proposals", i, "id"), proposal.id) for i, proposal in parts.proposals), "proposal"
    )
    yield from _duplicates(
        (
            (("proposals", i, "requests", j, "id"), request.id)
            for i, proposal in parts.proposals
            for j, request in enumerate(proposal.requests)
        ),
        "request",
    )
    yield from _duplicates(
        ((("policies", i, "id"), policy.id) for i, policy in parts.policies), "policy"
    )


def known_references(parts: InstanceParts) -> Iterator[Problem]:
    """Every reference names an id that exists."""
    ids = _Ids(parts)

    def unknown(kind: str, value: str, known: set[str], loc: Loc) -> Iterator[Problem]:
        if value not in known:
            plural = {"country": "countries", "facility": "facilities"}.get(kind, kind + "s")
            yield Problem(loc, f"unknown {kind} {value!r}: it is not listed in `{plural}`")

    for i, facility in parts.facilities:
        yield from unknown(
            "country", facility.host_country, ids.country, ("facilities", i, "host_country")
        )
    for i, instrument in parts.instruments:
        yield from unknown(
            "facility", instrument.facility, ids.facility, ("instruments", i, "facility")
        )
    for i, proposal in parts.proposals:
        for code in proposal.countries:
            yield from unknown("country", code, ids.country, ("proposals", i, "countries", code))
        for j, request in enumerate(proposal.requests):
            for k, instrument_id in enumerate(request.instruments):
                yield from unknown(
                    "instrument",
                    instrument_id,
                    ids.instrument,
                    ("proposals", i, "requests", j, "instruments", k),
                )
    for i, precedence in parts.precedences:
        yield from unknown("request", precedence.before, ids.request, ("precedences", i, "before"))
        yield from unknown("request", precedence.after, ids.request, ("precedences", i, "after"))
    for i, policy in parts.policies:
        if isinstance(policy, ContributionSharePolicy):
            for k, facility_id in enumerate(policy.facilities):
                yield from unknown(
                    "facility", facility_id, ids.facility, ("policies", i, "facilities", k)
                )
            for code in policy.shares:
                yield from unknown("country", code, ids.country, ("policies", i, "shares", code))
        else:
            for k, code in enumerate(policy.countries):
                yield from unknown("country", code, ids.country, ("policies", i, "countries", k))


def _interval_problems(
    intervals: Iterable[tuple[int, int]], n_shifts: int | None, loc: Loc
) -> Iterator[Problem]:
    for k, (start, end) in enumerate(intervals):
        if end <= start:
            what = "is empty" if end == start else "ends before it starts"
            yield Problem(
                (*loc, k), f"[{start}, {end}] {what}; write [start, end) with start < end"
            )
        elif n_shifts is not None and end > n_shifts:
            yield Problem(
                (*loc, k),
                f"[{start}, {end}] reaches past the end of the round (n_shifts {n_shifts})",
            )


def intervals_inside_horizon(parts: InstanceParts) -> Iterator[Problem]:
    """Closed and unavailable intervals are `[start, end)` with start < end <= n_shifts."""
    n_shifts = parts.round.n_shifts if parts.round else None
    for i, instrument in parts.instruments:
        yield from _interval_problems(instrument.closed, n_shifts, ("instruments", i, "closed"))
    for i, proposal in parts.proposals:
        for j, request in enumerate(proposal.requests):
            yield from _interval_problems(
                request.unavailable, n_shifts, ("proposals", i, "requests", j, "unavailable")
            )


def request_sizes(parts: InstanceParts) -> Iterator[Problem]:
    """1 <= min_block <= min_shifts <= shifts <= n_shifts, and a window that fits a block."""
    n_shifts = parts.round.n_shifts if parts.round else None
    for i, proposal in parts.proposals:
        for j, request in enumerate(proposal.requests):
            loc: Loc = ("proposals", i, "requests", j)
            if request.min_shifts > request.shifts:
                yield Problem(
                    (*loc, "min_shifts"),
                    f"{request.min_shifts} is more than shifts {request.shifts}",
                )
            if request.min_block > request.min_shifts:
                yield Problem(
                    (*loc, "min_block"),
                    f"{request.min_block} is longer than min_shifts {request.min_shifts}",
                )
            if n_shifts is not None and request.shifts > n_shifts:
                yield Problem(
                    (*loc, "shifts"),
                    f"{request.shifts} is more than the whole round ({n_shifts} shifts)",
                )
            if n_shifts is not None and request.deadline > n_shifts:
                yield Problem(
                    (*loc, "deadline"),
                    f"{request.deadline} is after the end of the round ({n_shifts})",
                )
            if request.release >= request.deadline:
                yield Problem(
                    (*loc, "release"),
                    f"{request.release} is not before the deadline {request.deadline}",
                )
            elif request.deadline - request.release < request.min_block:
                yield Problem(
                    (*loc, "deadline"),
                    f"the window [{request.release}, {request.deadline}) is "
                    f"{request.deadline - request.release} shifts, shorter than "
                    f"min_block {request.min_block}",
                )
            seen: set[str] = set()
            for k, instrument_id in enumerate(request.instruments):
                if instrument_id in seen:
                    yield Problem(
                        (*loc, "instruments", k), f"instrument {instrument_id!r} is listed twice"
                    )
                seen.add(instrument_id)


def _exact(value: float) -> Fraction:
    return Fraction(repr(value))


def _share_sum_problem(shares: dict[str, float], loc: Loc) -> Iterator[Problem]:
    total = sum((_exact(share) for share in shares.values()), Fraction(0))
    if abs(total - 1) > SHARE_SUM_TOLERANCE:
        yield Problem(loc, f"shares sum to {float(total):g}, not 1 (allowed: 1 ± 0.0001)")


def shares_sum_to_one(parts: InstanceParts) -> Iterator[Problem]:
    """A proposal's country shares, and a contribution policy's shares, sum to 1."""
    for i, proposal in parts.proposals:
        yield from _share_sum_problem(proposal.countries, ("proposals", i, "countries"))
    for i, policy in parts.policies:
        if isinstance(policy, ContributionSharePolicy):
            yield from _share_sum_problem(policy.shares, ("policies", i, "shares"))


def policy_parameters(parts: InstanceParts) -> Iterator[Problem]:
    """Ratios in order; a reciprocity names two different countries and credits only them."""
    for i, policy in parts.policies:
        if isinstance(policy, ContributionSharePolicy):
            if policy.max_ratio is not None and policy.max_ratio < policy.min_ratio:
                yield Problem(
                    ("policies", i, "max_ratio"),
                    f"{policy.max_ratio:g} is below min_ratio {policy.min_ratio:g}",
                )
        elif isinstance(policy, ReciprocityPolicy):
            first, second = policy.countries
            if first == second:
                yield Problem(
                    ("policies", i, "countries"),
                    f"names {first!r} twice; a reciprocity is between two countries",
                )
            for code in policy.credit:
                if code not in policy.countries:
                    yield Problem(
                        ("policies", i, "credit", code),
                        f"{code!r} is not one of the agreement's countries "
                        f"{first!r} and {second!r}",
                    )


def precedences_are_acyclic(parts: InstanceParts) -> Iterator[Problem]:
    """Precedences name two different requests and form no cycle (the cycle is named)."""
    successors: dict[str, list[tuple[int, str]]] = {}
    for i, precedence in parts.precedences:
        if precedence.before == precedence.after:
            yield Problem(
                ("precedences", i), f"request {precedence.before!r} cannot precede itself"
            )
            continue
        successors.setdefault(precedence.before, []).append((i, precedence.after))
    yield from _cycles(successors)


def _cycles(successors: dict[str, list[tuple[int, str]]]) -> Iterator[Problem]:
    # Iterative depth-first search; each cycle is reported once, at its closing edge.
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
                yield Problem(
                    ("precedences", index), "precedences form a cycle: " + " -> ".join(cycle)
                )
            elif target not in state:
                state[target] = 1
                path.append(target)
                edges.append(iter(successors.get(target, [])))


RULES: tuple[Callable[[InstanceParts], Iterator[Problem]], ...] = (
    unique_ids,
    known_references,
    intervals_inside_horizon,
    request_sizes,
    shares_sum_to_one,
    policy_parameters,
    precedences_are_acyclic,
    history_countries,
    replan_now_inside_horizon,
    delivered_time,
    baseline_blocks,
)
