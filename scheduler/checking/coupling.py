"""Rule 5 of "What a valid award is": coupled proposals have all their requests awarded or none."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext


def check_coupling(context: CheckContext) -> Iterator[Breach]:
    """A coupled proposal with some but not all requests awarded, at its first award."""
    placements = context.placements.by_request
    for proposal in context.index.instance.proposals:
        started = context.placements.delivered.keys() & {r.id for r in proposal.requests}
        if not proposal.coupled or started:
            continue  # a proposal with a started request is not bound by coupling
        awarded = [r.id for r in proposal.requests if r.id in placements]
        missing = [r.id for r in proposal.requests if r.id not in placements]
        if awarded and missing:
            first = min(placements[r].position for r in awarded)
            yield Breach(
                "coupled",
                path("assignments", first),
                f"proposal {proposal.id} is coupled, but {', '.join(awarded)} "
                f"{'is' if len(awarded) == 1 else 'are'} awarded and {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not; award all of its requests or none",
            )
