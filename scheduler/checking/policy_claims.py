"""The `policy` reason: awarding the request anywhere it has room would raise a policy's violation.

T(c, F) depends only on how many shifts a request gets and at which facility,
so the claim is tested by awarding `shifts_needed` shifts on each alternative
with room (room in runs of at least `min_block`), every other award unchanged.
A soft policy's violation must rise; a hard one's must rise above 1e-6. With no
alternative having room the claim is false: that is a `capacity` reason.
"""

from __future__ import annotations

from models.exchange import PolicyReason
from scheduler.checking.context import CheckContext
from scheduler.checking.room import room, shifts_needed
from scheduler.checking.tolerance import holds
from scheduler.checking.wording import number
from scheduler.evaluation import Award, policy_violation


def policy_claim_problem(context: CheckContext, reason: PolicyReason) -> str | None:
    """Why the `policy` reason is false, or None when it is true."""
    policy = context.policies.get(reason.policy)
    if policy is None:
        return f"policy {reason.policy!r} is not in the instance"
    request = context.index.requests[reason.request]
    needed = shifts_needed(request, context.placements.awarded(request.id))
    with_room = [i for i in request.instruments if room(context, request, i) >= needed]
    if not with_room:
        return (
            f"no alternative has room for {needed} shifts in runs of at least "
            f"{request.min_block}; that is a capacity reason"
        )
    others = [award for award in context.placements.awards if award.request != request.id]
    current = context.violations[policy.id]
    for instrument_id in with_room:
        trial = [*others, Award(request.id, instrument_id, needed)]
        after = policy_violation(context.index, policy, trial)
        if policy.mode == "hard" and holds(after):
            return (
                f"awarding {needed} shifts on {instrument_id} would keep hard policy "
                f"{policy.id} within 1e-6 (violation {number(after)} shifts)"
            )
        if policy.mode == "soft" and after <= current:
            return (
                f"awarding {needed} shifts on {instrument_id} would not raise the violation "
                f"of {policy.id} ({number(current)} shifts now, {number(after)} after)"
            )
    return None
