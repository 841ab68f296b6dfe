"""Assignments name a known request and instrument, once per request, among its alternatives."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext


def check_references(context: CheckContext) -> Iterator[Breach]:
    """Unknown requests and instruments, repeated requests and instruments not asked for.

    Only the first assignment of a request counts as its award; later ones are
    reported as duplicates and otherwise ignored.
    """
    index = context.index
    first_position: dict[str, int] = {}
    for position, assignment in enumerate(context.solution.assignments):
        request = index.requests.get(assignment.request)
        if request is None:
            yield Breach(
                "unknown-request",
                path("assignments", position, "request"),
                f"request {assignment.request!r} is not in the instance",
            )
            continue
        if assignment.request in first_position:
            yield Breach(
                "duplicate-assignment",
                path("assignments", position),
                f"{request.id} is assigned again (first at "
                f"{path('assignments', first_position[request.id])}); "
                "a request has at most one assignment",
            )
            continue
        first_position[request.id] = position
        if assignment.instrument not in index.instruments:
            yield Breach(
                "unknown-instrument",
                path("assignments", position, "instrument"),
                f"instrument {assignment.instrument!r} of {request.id} is not in the instance",
            )
        elif assignment.instrument not in request.instruments:
            yield Breach(
                "instrument-not-alternative",
                path("assignments", position, "instrument"),
                f"{request.id} is placed on {assignment.instrument}, which it did not ask for "
                f"(its alternatives: {', '.join(request.instruments)})",
            )
