"""Building a re-plan instance from a published schedule: what happened, what changed.

`replan_instance(instance, solution, now=..., outages=..., declined=...)` returns the
round as it now stands: blocks before `now` become delivered time, a block in progress
at `now` is split there (its part from `now` on joins the baseline), outages join the
instruments' `closed` intervals, and declined proposals ask for no more time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from models.exchange import Instance, Round, Solution
from models.exchange.replan import DEFAULT_CHANGE_WEIGHT
from scheduler.calendar import merged_intervals


@dataclass(frozen=True)
class Outage:
    """Instrument `instrument` is lost for shifts `[start, end)`."""

    instrument: str
    start: int
    end: int


class ReplanInputError(ValueError):
    """A re-plan cannot be built from these inputs; the message says which and why."""


def shift_at(round_: Round, when: datetime, *, round_up: bool) -> int:
    """The shift number at time `when`: the shift it falls in, or with `round_up` the first
    shift starting at or after it (`now` given as a time: a shift already begun has happened).

    A time without a zone is read as UTC.
    """
    moment = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    start = round_.start if round_.start.tzinfo is not None else round_.start.replace(tzinfo=UTC)
    hours = timedelta(hours=round_.shift_hours)
    elapsed = moment - start
    return int(-(-elapsed // hours) if round_up else elapsed // hours)


def replan_instance(
    instance: Instance,
    solution: Solution,
    *,
    now: int,
    outages: Sequence[Outage] = (),
    declined: Iterable[str] = (),
    change_weight: float = DEFAULT_CHANGE_WEIGHT,
) -> Instance:
    """The re-plan instance of `solution` (a published schedule of `instance`) at shift `now`.

    Raises:
        ReplanInputError: `now` outside the round or before an earlier re-plan's `now`, an
            outage on an unknown instrument, a declined proposal that is not in the round,
            or a solution with no allocation.
        pydantic.ValidationError: should the result break a rule of the format.
    """
    n_shifts = instance.round.n_shifts
    if not 0 <= now <= n_shifts:
        raise ReplanInputError(f"now {now} is outside the round [0, {n_shifts}]")
    earlier = instance.replan
    if earlier is not None and now < earlier.now:
        raise ReplanInputError(f"now {now} is before the earlier re-plan's now {earlier.now}")
    if solution.status not in ("optimal", "feasible"):
        raise ReplanInputError(f"the solution is {solution.status}: it has no schedule to revise")
    instruments = {item.id for item in instance.instruments}
    for outage in outages:
        if outage.instrument not in instruments:
            raise ReplanInputError(f"outage on unknown instrument {outage.instrument!r}")
    declined_set = set(declined)
    if unknown := declined_set - {p.id for p in instance.proposals}:
        raise ReplanInputError(f"declined proposals not in the round: {', '.join(sorted(unknown))}")
    delivered: dict[str, list[Any]] = {
        item.request: [item.instrument, item.shifts]
        for item in (earlier.delivered if earlier else ())
    }
    baseline: list[dict[str, Any]] = []
    for assignment in solution.assignments:
        before = sum(min(length, max(0, now - start)) for start, length in assignment.blocks)
        after = [
            [max(start, now), start + length - max(start, now)]
            for start, length in assignment.blocks
            if start + length > now
        ]
        if before:
            entry = delivered.setdefault(assignment.request, [assignment.instrument, 0])
            entry[1] += before
        if after:
            baseline.append(
                {
                    "request": assignment.request,
                    "instrument": assignment.instrument,
                    "blocks": after,
                }
            )
    data = instance.model_dump(mode="json", exclude_none=True)
    for item in data["instruments"]:
        lost = [
            [max(0, o.start), min(n_shifts, o.end)]
            for o in outages
            if o.instrument == item["id"] and max(0, o.start) < min(n_shifts, o.end)
        ]
        if lost:
            closed = [tuple(span) for span in item.get("closed", [])] + [tuple(s) for s in lost]
            item["closed"] = [list(span) for span in merged_intervals(closed)]
    declined_requests = _decline(data, declined_set, {r: d[1] for r, d in delivered.items()})
    data["replan"] = {
        "now": now,
        "delivered": [
            {"request": request, "instrument": instrument, "shifts": shifts}
            for request, (instrument, shifts) in delivered.items()
        ],
        "baseline": [item for item in baseline if item["request"] not in declined_requests],
        "change_weight": change_weight,
    }
    return Instance.model_validate(data)


def _decline(data: dict[str, Any], declined: set[str], delivered: dict[str, int]) -> set[str]:
    """Declined proposals ask for no more time: their unstarted requests (and precedences on
    them) go, their started ones ask for what they already received. Returns their requests."""
    requests: set[str] = set()
    gone: set[str] = set()
    proposals = []
    for proposal in data["proposals"]:
        if proposal["id"] not in declined:
            proposals.append(proposal)
            continue
        kept = []
        for request in proposal["requests"]:
            requests.add(request["id"])
            got = delivered.get(request["id"], 0)
            if not got:
                gone.add(request["id"])
                continue
            min_shifts = min(request["min_shifts"], got)
            kept.append(
                {
                    **request,
                    "shifts": got,
                    "min_shifts": min_shifts,
                    "min_block": min(request["min_block"], min_shifts),
                }
            )
        if kept:
            proposals.append({**proposal, "requests": kept})
    data["proposals"] = proposals
    data["precedences"] = [
        p for p in data.get("precedences", []) if p["before"] not in gone and p["after"] not in gone
    ]
    return requests
