"""Building a re-plan instance from a published schedule: what happened, what changed.

`replan_instance(instance, solution, now=..., outages=..., declined=...)` returns the
round as it now stands: blocks before `now` become delivered time, a block in progress
at `now` is split there (its part from `now` on joins the baseline), outages join the
instruments' `closed` intervals, declined proposals ask for no more time, and declined
requests (`declined_requests=...`: a group gave some of their time back) ask for no more
than they hold, so that a re-plan never offers them time again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from models.exchange import Instance, Policy, ReciprocityPolicy, Round, Solution
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
    declined_requests: Iterable[str] = (),
    change_weight: float = DEFAULT_CHANGE_WEIGHT,
) -> Instance:
    """The re-plan instance of `solution` (a published schedule of `instance`) at shift `now`.

    Raises:
        ReplanInputError: `now` outside the round or before an earlier re-plan's `now`, an
            outage on an unknown instrument, a declined proposal or request that is not in
            the round, or a solution with no allocation.
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
    declined_request_set = set(declined_requests)
    known_requests = {r.id for p in instance.proposals for r in p.requests}
    if unknown := declined_request_set - known_requests:
        raise ReplanInputError(f"declined requests not in the round: {', '.join(sorted(unknown))}")
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
    got = {r: d[1] for r, d in delivered.items()}
    held = dict(got)
    for item in baseline:
        if item["request"] in declined_request_set:
            held[item["request"]] = held.get(item["request"], 0) + sum(n for _, n in item["blocks"])
    gone_baseline = _decline(data, declined_set, declined_request_set, got, held)
    data["replan"] = {
        "now": now,
        "delivered": [
            {"request": request, "instrument": instrument, "shifts": shifts}
            for request, (instrument, shifts) in delivered.items()
        ],
        "baseline": [item for item in baseline if item["request"] not in gone_baseline],
        "change_weight": change_weight,
    }
    return Instance.model_validate(data)


def _decline(
    data: dict[str, Any],
    declined: set[str],
    declined_requests: set[str],
    delivered: dict[str, int],
    held: dict[str, int],
) -> set[str]:
    """Declined proposals and requests ask for no more time: those that hold nothing (and
    precedences on them) go, the others ask for what they hold: a declined proposal's
    requests what was `delivered`, a declined request also its baseline (`held`). Returns
    the requests of declined proposals, whose baseline goes too."""
    requests: set[str] = set()
    gone: set[str] = set()
    proposals = []
    for proposal in data["proposals"]:
        whole = proposal["id"] in declined
        if not whole and not declined_requests & {r["id"] for r in proposal["requests"]}:
            proposals.append(proposal)
            continue
        kept = []
        for request in proposal["requests"]:
            if not whole and request["id"] not in declined_requests:
                kept.append(request)
                continue
            if whole:
                requests.add(request["id"])
            got = (delivered if whole else held).get(request["id"], 0)
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


def keeping_change_weight(instance: Instance) -> float:
    """A `change_weight` above anything a revision of `instance` can gain by changing a
    block: one more than the round's whole award value (score x shifts of every request)
    plus, for each soft policy, its weight times a bound on how far its violation can move
    (`_violation_span` times every shift asked for). A back-fill uses it, so that it only
    adds blocks and never changes a block it could keep."""
    asked = sum(r.shifts for p in instance.proposals for r in p.requests)
    value = sum(p.score * r.shifts for p in instance.proposals for r in p.requests)
    policies = sum(
        p.weight * _violation_span(p) * asked for p in instance.policies if p.mode == "soft"
    )
    return float(int(value + policies) + 1)


def _violation_span(policy: Policy) -> float:
    """Twice the largest factor by which a policy's violation (shifts) follows awarded time."""
    if isinstance(policy, ReciprocityPolicy):
        return 2 * (1 + policy.ratio)
    return 2 * (3 + policy.min_ratio + (policy.max_ratio or 0.0))
