"""Messages for rejected and partly awarded groups: what happened, in numbers, what to change."""

from __future__ import annotations

from dataclasses import dataclass

from models.exchange import ContributionSharePolicy
from models.exchange.calendar import written_shifts
from scheduler.allocation import Allocation
from scheduler.policy_ledger import PolicyLedger
from scheduler.prepare import PreparedInstance, RequestPlan


def _list(names: tuple[str, ...] | list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _totals_reach(runs: tuple[tuple[int, int], ...], min_block: int, low: int, high: int) -> bool:
    """Whether blocks of at least `min_block` in `runs` can total between `low` and `high`."""
    reachable = {0}
    for start, end in runs:
        length = end - start
        reachable |= {
            total + used
            for total in reachable
            for used in range(min_block, length + 1)
            if total + used <= high
        }
    return any(low <= total <= high for total in reachable)


@dataclass(frozen=True)
class Wording:
    """Sentences for each reason code (windows in times of the round's calendar)."""

    prepared: PreparedInstance

    def _window(self, plan: RequestPlan) -> str:
        """The request's window as people read it, e.g. `2027-01-04 08:00 to 2027-01-25
        08:00 UTC (shifts 0-62)`: the dates first, the shift numbers of the documents after."""
        calendar = self.prepared.instance.round
        release, deadline = plan.request.release, plan.request.deadline
        period = written_shifts(calendar.start, calendar.shift_hours, release, deadline)
        return f"{period} (shifts {release}-{deadline - 1})"

    def unplaceable(self, plan: RequestPlan, needed: int, alone: dict[str, int]) -> str:
        """No alternative could hold the request even in an empty round."""
        request = plan.request
        blocked = (
            "closed periods and your unavailable shifts"
            if request.unavailable
            else ("closed periods")
        )
        best = max(alone.values(), default=0)
        return (
            f"Even with nothing else awarded, {_list(request.instruments)} "
            f"{'has' if len(request.instruments) == 1 else 'have'} at most {best} shifts in runs "
            f"of at least {request.min_block} inside your window {self._window(plan)} once "
            f"{blocked} are removed, fewer than the {needed} needed. Widen the window, "
            f"shorten min_block or lower min_shifts."
        )

    def precedence(self, plan: RequestPlan, before: str) -> str:
        """A `before` request has no award."""
        return (
            f"This request must follow {before}, which got no time in this round, so it "
            f"cannot be scheduled either."
        )

    def capacity(self, plan: RequestPlan, needed: int, rooms: dict[str, int]) -> str:
        """Every alternative was full in the window."""
        parts = [f"{instrument} {shifts}" for instrument, shifts in rooms.items()]
        return (
            f"Your alternatives were fully booked inside your window {self._window(plan)}: shifts "
            f"still free in runs of at least {plan.request.min_block}: {', '.join(parts)}; "
            f"{needed} were needed. A wider window or a shorter min_block would give more options."
        )

    def outranked(self, plan: RequestPlan, cutoff: float) -> str:
        """Higher-scored proposals hold the alternatives."""
        return (
            f"{_list(plan.request.instruments)} went to proposals scored {cutoff:g} and above "
            f"over your window {self._window(plan)}; this proposal scored {plan.proposal.score:g}."
        )

    def policy(self, plan: RequestPlan, needed: int, policy_id: str, ledger: PolicyLedger) -> str:
        """Awarding would raise a policy's violation."""
        policy = next(p for p in self.prepared.instance.policies if p.id == policy_id)
        if isinstance(policy, ContributionSharePolicy):
            what = f"the balance of time against contributions at {_list(policy.facilities)}"
        else:
            what = (
                f"the reciprocity balance between {policy.countries[0]} and {policy.countries[1]}"
            )
        stake = "would break" if policy.mode == "hard" else "would worsen"
        return (
            f"Awarding {needed} shifts on any alternative with room {stake} agreement "
            f"{policy_id} ({policy.mode}): {what} (now {float(ledger.violation(policy_id)):g} "
            f"shifts out of balance)."
        )

    def objective(self, plan: RequestPlan, got: int, allocation: Allocation) -> str:
        """None of the specific reasons holds."""
        request = plan.request
        if not got and not any(
            _totals_reach(w.runs, request.min_block, request.min_shifts, request.shifts)
            for w in plan.all_windows
        ):
            return (
                f"Its blocks cannot add up to between {request.min_shifts} and {request.shifts} "
                f"shifts in blocks of at least {request.min_block} within the free runs of its "
                f"window {self._window(plan)} on {_list(request.instruments)}, so any award would "
                f"break the rules; lower min_block or widen the window."
            )
        more = "more shifts" if got else "this request"
        return (
            f"Awarding {more} would lower the round's objective: the free shifts on "
            f"{_list(plan.request.instruments)} cannot be combined with its coupled requests, "
            f"precedences and the other awards without giving up more score x shifts elsewhere."
        )
