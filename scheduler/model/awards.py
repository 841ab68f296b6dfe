"""Award variables shared by every model: who is awarded, on which instrument, how much.

A model works on a *scope*: some requests are free (the model decides them) and
the others keep a fixed placement (or stay unawarded); fixed ones enter the
rules as constants.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.calendar import earliest_completion, latest_start
from scheduler.prepare import PreparedInstance

AmountExpr = cp_model.LinearExprT


@dataclass
class AwardVariables:
    """The award decisions of a model: free requests get variables, the rest are constants."""

    model: cp_model.CpModel
    fixed: Allocation
    award: dict[str, cp_model.IntVar] = field(default_factory=dict)
    choice: dict[str, dict[str, cp_model.IntVar]] = field(default_factory=dict)
    amount: dict[str, dict[str, AmountExpr]] = field(default_factory=dict)

    def is_free(self, request_id: str) -> bool:
        """Whether the model decides this request."""
        return request_id in self.award

    def awarded(self, request_id: str) -> cp_model.IntVar | int:
        """The request's award literal, or 1/0 when it is fixed."""
        if request_id in self.award:
            return self.award[request_id]
        return 1 if request_id in self.fixed.placements else 0

    def amount_terms(self) -> Iterator[tuple[str, str, AmountExpr | int]]:
        """(request, instrument, awarded shifts) for every free option and fixed placement."""
        for request_id, by_instrument in self.amount.items():
            for instrument, expression in by_instrument.items():
                yield request_id, instrument, expression
        for request_id, placement in self.fixed.placements.items():
            if request_id not in self.award:
                yield request_id, placement.instrument, placement.shifts


def add_award_choice(
    awards: AwardVariables,
    prepared: PreparedInstance,
    request_id: str,
    amounts: dict[str, AmountExpr],
    upper: dict[str, int],
) -> None:
    """Rule "one instrument from its alternatives" and "total between min_shifts and shifts".

    `amounts` holds the model's expression of the shifts awarded on each usable
    instrument and `upper` the most that instrument can hold for the request.
    """
    model = awards.model
    request = prepared.plans[request_id].request
    award = model.new_bool_var(f"award[{request_id}]")
    choices = {}
    for instrument, amount in amounts.items():
        chosen = model.new_bool_var(f"on[{request_id}@{instrument}]")
        model.add(amount >= request.min_shifts * chosen)
        model.add(amount <= min(request.shifts, upper[instrument]) * chosen)
        choices[instrument] = chosen
    model.add(sum(choices.values()) == award)
    awards.award[request_id] = award
    awards.choice[request_id] = choices
    awards.amount[request_id] = amounts


Enforcement = dict[str, cp_model.IntVar]
"""Rule name (as in a conflict set) -> literal that switches the rule on, to find conflicts."""


def _switch(
    awards: AwardVariables, enforcement: Enforcement | None, name: str
) -> list[cp_model.IntVar]:
    if enforcement is None:
        return []
    if name not in enforcement:
        enforcement[name] = awards.model.new_bool_var(f"holds[{name}]")
    return [enforcement[name]]


def add_coupling(
    awards: AwardVariables, prepared: PreparedInstance, enforcement: Enforcement | None = None
) -> None:
    """Rule 5: a coupled proposal has all its requests awarded or none."""
    for proposal in prepared.instance.proposals:
        if not proposal.coupled or len(proposal.requests) < 2:
            continue
        literals = [awards.awarded(request.id) for request in proposal.requests]
        switch = _switch(awards, enforcement, f"coupled:{proposal.id}")
        first = literals[0]
        for other in literals[1:]:
            if isinstance(first, int) and isinstance(other, int):
                continue
            awards.model.add(first == other).only_enforce_if(switch)


def add_precedence_implications(
    awards: AwardVariables, prepared: PreparedInstance, enforcement: Enforcement | None = None
) -> None:
    """Rule 6, first half: `after` may be awarded only if `before` is (and can finish in time)."""
    for precedence in prepared.instance.precedences:
        after = awards.awarded(precedence.after)
        before = awards.awarded(precedence.before)
        if isinstance(after, int) and isinstance(before, int):
            continue
        switch = _switch(awards, enforcement, f"{precedence.before}->{precedence.after}")
        if not timing_can_hold(prepared, precedence.before, precedence.after, precedence.min_gap):
            if not isinstance(after, int):
                awards.model.add(after == 0).only_enforce_if(switch)
            continue
        awards.model.add(after <= before).only_enforce_if(switch)


def timing_can_hold(prepared: PreparedInstance, before: str, after: str, min_gap: int) -> bool:
    """Whether `before` can end, plus `min_gap`, no later than `after` could still start."""
    first, second = prepared.plans[before], prepared.plans[after]
    if not first.placeable or not second.placeable:
        return False
    earliest_end = min(
        earliest_completion(w.runs, first.request.min_shifts, first.request.min_block)
        for w in first.windows
    )
    last_start = max(
        latest_start(w.runs, second.request.min_shifts, second.request.min_block)
        for w in second.windows
    )
    return earliest_end + min_gap <= last_start
