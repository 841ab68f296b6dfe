"""Rules of the additions that relate them to the rest of the round: `replan` and `history`.

Like `models.exchange.consistency`, each rule yields every `Problem` it finds, with
its JSON path, so that a document's problems are reported together.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.exchange.instance import ContributionSharePolicy, Request
from models.exchange.parts import InstanceParts
from models.exchange.problems import Loc, Problem, format_path
from models.exchange.replan import BaselineAssignment, DeliveredTime


def _requests(parts: InstanceParts) -> dict[str, Request]:
    return {request.id: request for _, proposal in parts.proposals for request in proposal.requests}


def _known_ids(parts: InstanceParts, kind: str, defined: set[str]) -> set[str]:
    return defined | parts.written_ids.get(kind, set())


def history_countries(parts: InstanceParts) -> Iterator[Problem]:
    """`history` names listed countries only (members and non-members alike)."""
    countries = _known_ids(parts, "country", {country.code for _, country in parts.countries})
    for i, policy in parts.policies:
        if not isinstance(policy, ContributionSharePolicy):
            continue
        for code in policy.earlier_time():
            if code not in countries:
                yield Problem(
                    ("policies", i, "history", code),
                    f"unknown country {code!r}: it is not listed in `countries`",
                )


def replan_now_inside_horizon(parts: InstanceParts) -> Iterator[Problem]:
    """`now` is a shift number 0 .. n_shifts."""
    if parts.replan is None or parts.round is None:
        return
    if parts.replan.now > parts.round.n_shifts:
        yield Problem(
            ("replan", "now"),
            f"{parts.replan.now} is after the end of the round (n_shifts {parts.round.n_shifts})",
        )


def _reference(
    parts: InstanceParts, requests: dict[str, Request], request_id: str, instrument: str, loc: Loc
) -> Iterator[Problem]:
    """The request exists and the instrument is one of its alternatives."""
    known_requests = _known_ids(parts, "request", set(requests))
    if request_id not in known_requests:
        yield Problem((*loc, "request"), f"unknown request {request_id!r}")
        return
    request = requests.get(request_id)
    if request is None:  # the request has problems of its own
        return
    if instrument not in request.instruments:
        instruments = _known_ids(parts, "instrument", {item.id for _, item in parts.instruments})
        message = (
            f"{instrument!r} is not one of the alternatives of {request_id} "
            f"({', '.join(request.instruments)})"
            if instrument in instruments
            else f"unknown instrument {instrument!r}: it is not listed in `instruments`"
        )
        yield Problem((*loc, "instrument"), message)


def _once_each(
    items: tuple[DeliveredTime | BaselineAssignment, ...], section: str
) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for k, item in enumerate(items):
        if item.request in first_seen:
            first = format_path(("replan", section, first_seen[item.request]))
            yield Problem(
                ("replan", section, k, "request"),
                f"request {item.request!r} is listed twice in `{section}` (first at {first})",
            )
        else:
            first_seen[item.request] = k


def delivered_time(parts: InstanceParts) -> Iterator[Problem]:
    """Each request at most once, on one of its alternatives, 1 .. `shifts` shifts."""
    if parts.replan is None:
        return
    requests = _requests(parts)
    yield from _once_each(parts.replan.delivered, "delivered")
    for k, item in enumerate(parts.replan.delivered):
        loc: Loc = ("replan", "delivered", k)
        yield from _reference(parts, requests, item.request, item.instrument, loc)
        request = requests.get(item.request)
        if request is not None and item.shifts > request.shifts:
            yield Problem(
                (*loc, "shifts"),
                f"{item.shifts} is more than the {request.shifts} shifts {item.request} asked for",
            )


def baseline_blocks(parts: InstanceParts) -> Iterator[Problem]:
    """Each request at most once, on an alternative (its delivered one if started); blocks
    of at least one shift inside `[now, n_shifts)` that do not overlap each other."""
    replan = parts.replan
    if replan is None:
        return
    requests = _requests(parts)
    n_shifts = parts.round.n_shifts if parts.round else None
    delivered = {item.request: (k, item.instrument) for k, item in enumerate(replan.delivered)}
    yield from _once_each(replan.baseline, "baseline")
    for k, item in enumerate(replan.baseline):
        loc: Loc = ("replan", "baseline", k)
        yield from _reference(parts, requests, item.request, item.instrument, loc)
        if item.request in delivered and delivered[item.request][1] != item.instrument:
            position, instrument = delivered[item.request]
            yield Problem(
                (*loc, "instrument"),
                f"{item.request} is started on {instrument!r} "
                f"({format_path(('replan', 'delivered', position))}); a started request keeps "
                f"its instrument, so its baseline must use {instrument!r} too",
            )
        yield from _block_problems(item, replan.now, n_shifts, loc)


def _block_problems(
    item: BaselineAssignment, now: int, n_shifts: int | None, loc: Loc
) -> Iterator[Problem]:
    reach_end, reach_number = -1, -1
    ordered = sorted((start, length, m) for m, (start, length) in enumerate(item.blocks))
    for start, length, m in ordered:
        where: Loc = (*loc, "blocks", m)
        if length < 1:
            yield Problem(where, f"[{start}, {length}] has no length; write [start, length]")
            continue
        if start < now:
            yield Problem(
                where,
                f"[{start}, {length}] starts before now ({now}); time before now is "
                "`delivered`, the baseline starts at now",
            )
        if n_shifts is not None and start + length > n_shifts:
            yield Problem(
                where,
                f"[{start}, {length}] ends at {start + length}, after the end of the round "
                f"(n_shifts {n_shifts})",
            )
        if start < reach_end:
            yield Problem(
                where,
                f"[{start}, {length}] overlaps block {reach_number} of the same request",
            )
        if start + length > reach_end:
            reach_end, reach_number = start + length, m
