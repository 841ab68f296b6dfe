"""The round that is left at `now`: a re-plan instance as an ordinary instance, plus constants.

The remaining round is a *relaxation* of the re-plan's rules that every valid revision
satisfies, so its proven bound is a bound on the re-plan:

* every instrument is closed before `now`, so every block starts at or after it;
* a started request keeps only its delivered instrument and asks for the rest of its
  `shifts`, with `min_shifts` and `min_block` 1 (the format waives `min_shifts`, and a
  block at `now` may be shorter than `min_block`); fully delivered requests are gone;
* proposals with a started request are not coupled; precedences whose `after` is started
  are gone; one whose `before` is started becomes a release of `after` at
  `now + min_gap`, its timing against the new blocks of `before` is kept in
  `timing_after_started` for the engine to enforce;
* delivered time enters every policy as a constant: `history` of a contribution
  policy (time at its facilities), `credit` of a reciprocity (time at the partner's).

`RemainingRound.admits` holds what the relaxation leaves out (`min_block` of a started
request away from `now`, and that timing), so an allocation of the remaining round that
it admits is a valid revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from models.exchange import (
    ContributionSharePolicy,
    Instance,
    Policy,
    Precedence,
    Proposal,
    ReciprocityPolicy,
    Request,
)
from models.exchange.replan import DeliveredTime, Replan
from scheduler.allocation import Allocation, Placement
from scheduler.calendar import merged_intervals
from scheduler.evaluation import Award, country_time, exact
from scheduler.index import InstanceIndex


@dataclass(frozen=True)
class RemainingRound:
    """The remaining round of a re-plan, and what it needs to speak for the whole round."""

    instance: Instance
    """The ordinary instance of the time from `now` on (no `replan` section)."""
    replan: Replan
    original: Instance
    delivered_value: Fraction
    """sum of score(p) * delivered(r): the objective's constant, in score-shifts."""
    timing_after_started: tuple[Precedence, ...]
    """Precedences whose `before` is started and still in the remaining round."""

    @cached_property
    def started(self) -> dict[str, DeliveredTime]:
        """Delivered time by request id."""
        return {item.request: item for item in self.replan.delivered}

    @cached_property
    def original_index(self) -> InstanceIndex:
        """Look-ups over the re-plan instance itself."""
        return InstanceIndex(self.original)

    def admits(self, allocation: Allocation) -> Allocation | None:
        """`allocation` with the blocks the re-plan forbids removed, or None if that cannot be.

        A started request's block away from `now` shorter than its `min_block` is dropped
        (its other blocks stay valid without it); an `after` placed too early for the new
        blocks of a started `before` is refused, since dropping it may break its coupling.
        """
        started = self.started
        requests = self.original_index.requests
        placements = dict(allocation.placements)
        for request_id in started.keys() & placements.keys():
            placement = placements[request_id]
            min_block = requests[request_id].min_block
            blocks = tuple(
                (start, length)
                for start, length in placement.blocks
                if start == self.replan.now or length >= min_block
            )
            if blocks != placement.blocks:
                if blocks:
                    placements[request_id] = Placement(placement.instrument, blocks)
                else:
                    del placements[request_id]
        for precedence in self.timing_after_started:
            after, before = placements.get(precedence.after), placements.get(precedence.before)
            if after and before and after.first_start < before.last_end + precedence.min_gap:
                return None
        return Allocation(placements)


def remaining_round(instance: Instance) -> RemainingRound:
    """The remaining round of a re-plan instance.

    Raises:
        ValueError: if `instance` has no `replan` section.
    """
    replan = instance.replan
    if replan is None:
        raise ValueError("the instance has no `replan` section")
    index = InstanceIndex(instance)
    started = {item.request: item for item in replan.delivered}
    now = replan.now
    instruments = tuple(
        item.model_copy(update={"closed": tuple(merged_intervals([*item.closed, (0, now)]))})
        if now > 0
        else item
        for item in instance.instruments
    )
    releases, timing, precedences = _precedences(instance, started, index, now)
    proposals = tuple(
        kept
        for proposal in instance.proposals
        if (kept := _remaining_proposal(proposal, started, releases)) is not None
    )
    delivered_awards = [
        Award(item.request, item.instrument, item.shifts) for item in replan.delivered
    ]
    policies = tuple(
        _with_delivered(index, policy, delivered_awards) for policy in instance.policies
    )
    remaining = instance.model_copy(
        update={
            "instruments": instruments,
            "proposals": proposals,
            "precedences": precedences,
            "policies": policies,
            "replan": None,
        }
    )
    delivered_value = sum(
        (exact(index.proposal_of[item.request].score) * item.shifts for item in replan.delivered),
        Fraction(0),
    )
    return RemainingRound(remaining, replan, instance, delivered_value, timing)


def _precedences(
    instance: Instance, started: dict[str, DeliveredTime], index: InstanceIndex, now: int
) -> tuple[dict[str, int], tuple[Precedence, ...], tuple[Precedence, ...]]:
    """Earliest starts from started `before`s, their timing rows, and the precedences kept."""
    releases: dict[str, int] = {}
    timing: list[Precedence] = []
    kept: list[Precedence] = []
    for precedence in instance.precedences:
        if precedence.after in started:
            continue  # that work has begun: the precedence no longer binds
        if precedence.before in started:
            earliest = now + precedence.min_gap
            releases[precedence.after] = max(releases.get(precedence.after, 0), earliest)
            before = index.requests[precedence.before]
            if started[precedence.before].shifts < before.shifts:
                timing.append(precedence)
            continue
        kept.append(precedence)
    return releases, tuple(timing), tuple(kept)


def _remaining_proposal(
    proposal: Proposal, started: dict[str, DeliveredTime], releases: dict[str, int]
) -> Proposal | None:
    requests = tuple(
        kept
        for request in proposal.requests
        if (kept := _remaining_request(request, started.get(request.id), releases)) is not None
    )
    if not requests:
        return None
    is_started = any(request.id in started for request in proposal.requests)
    return proposal.model_copy(
        update={"requests": requests, "coupled": proposal.coupled and not is_started}
    )


def _remaining_request(
    request: Request, delivered: DeliveredTime | None, releases: dict[str, int]
) -> Request | None:
    update: dict[str, object] = {}
    if delivered is not None:
        rest = request.shifts - delivered.shifts
        if rest == 0:
            return None
        update = {
            "instruments": (delivered.instrument,),
            "shifts": rest,
            "min_shifts": 1,
            "min_block": 1,
        }
    release = releases.get(request.id)
    if release is not None and release > request.release:
        min_block = 1 if delivered is not None else request.min_block
        if request.deadline - release >= min_block:
            update["release"] = release
        else:  # no block fits after the started `before`: nothing can be placed
            update["unavailable"] = (*request.unavailable, (request.release, request.deadline))
    return request.model_copy(update=update) if update else request


def _with_delivered(index: InstanceIndex, policy: Policy, delivered: list[Award]) -> Policy:
    """The policy with delivered time added to its constants (`history` or `credit`)."""
    if not delivered:
        return policy
    if isinstance(policy, ContributionSharePolicy):
        time = country_time(index, delivered, frozenset(policy.facilities))
        history = _added(policy.earlier_time(), time.items())
        return policy.model_copy(update={"history": history})
    assert isinstance(policy, ReciprocityPolicy)
    first, second = policy.countries
    credit = dict(policy.credit)
    for country, partner in ((first, second), (second, first)):
        time = country_time(index, delivered, index.facilities_hosted_by(partner))
        extra = time.get(country, Fraction(0))
        if extra:
            credit = _added(credit, [(country, extra)])
    return policy.model_copy(update={"credit": credit})


def _added(constants: dict[str, float], extra: Iterable[tuple[str, Fraction]]) -> dict[str, float]:
    """`constants` plus `extra`, exactly: sums of four-decimal numbers keep four decimals."""
    total = {code: exact(value) for code, value in constants.items()}
    for code, value in extra:
        total[code] = total.get(code, Fraction(0)) + value
    return {code: float(value) for code, value in total.items()}
