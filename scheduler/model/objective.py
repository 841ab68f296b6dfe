"""The format's objective, scaled to integers: award value minus soft-policy penalties.

`ObjectiveScale.scale` converts back: objective in the format's units =
CP-SAT objective / scale. Named terms are kept so their contributions can be
reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.evaluation import exact
from scheduler.model.awards import AwardVariables
from scheduler.model.policies import Penalty
from scheduler.model.scaling import SAFE_MAGNITUDE, common_denominator
from scheduler.prepare import PreparedInstance


@dataclass(frozen=True)
class ObjectiveScale:
    """How the integer objective maps back to the format's objective."""

    scale: int
    exact: bool

    def value(self, scaled_value: float) -> Fraction:
        """A CP-SAT objective (or bound) in the format's units."""
        return Fraction(round(scaled_value)) / self.scale

    def bound(self, scaled_bound: float) -> Fraction:
        """A CP-SAT bound in the format's units, rounded up so it stays a bound."""
        return Fraction(int(-(-scaled_bound // 1))) / self.scale


def set_objective(
    awards: AwardVariables,
    prepared: PreparedInstance,
    penalties: list[Penalty],
    *,
    shift_bonus: Fraction | Mapping[str, Fraction] = Fraction(0),
    extra_terms: Sequence[tuple[Fraction, cp_model.LinearExprT]] = (),
    extra_constant: Fraction = Fraction(0),
) -> ObjectiveScale:
    """Maximise sum score(p) * awarded(r) - sum weight * violation (exactly, if it fits int64).

    `shift_bonus` adds a value per awarded shift whatever its score (one for every request,
    or by request id): placement uses it to realise as many targeted shifts as it can (the
    other rules were balanced on them), most of all those whose loss would break a hard row.
    `extra_terms` and `extra_constant` (a re-plan's kept literals) are added as they are.
    """
    value_terms: list[tuple[Fraction, cp_model.LinearExprT | int]] = []
    bonus_magnitude = Fraction(0)
    for request_id, _, amount in awards.amount_terms():
        score = exact(prepared.index.proposal_of[request_id].score)
        bonus = (
            shift_bonus.get(request_id, Fraction(0))
            if isinstance(shift_bonus, Mapping)
            else shift_bonus
        )
        value_terms.append((score + bonus, amount))
        bonus_magnitude += bonus * prepared.plans[request_id].request.shifts
    value_terms.extend(extra_terms)
    if extra_constant:
        value_terms.append((extra_constant, 1))
    penalty_terms = [(-p.weight / p.scale, p.variable) for p in penalties]
    coefficients = [c for c, _ in value_terms] + [c for c, _ in penalty_terms]
    scale = common_denominator(coefficients)
    magnitude = (
        _magnitude(prepared, penalties)
        + bonus_magnitude
        + sum((abs(c) for c, _ in extra_terms), abs(extra_constant))
    )
    is_exact = magnitude * scale <= SAFE_MAGNITUDE
    if not is_exact:
        scale = max(1, int(SAFE_MAGNITUDE // max(Fraction(1), magnitude)))
    constant = 0
    variables: list[cp_model.LinearExprT] = []
    integers: list[int] = []
    for coefficient, term in [*value_terms, *penalty_terms]:
        integer = round(coefficient * scale)
        if isinstance(term, int):
            constant += integer * term
        else:
            variables.append(term)
            integers.append(integer)
    awards.model.maximize(cp_model.LinearExpr.weighted_sum(variables, integers) + constant)
    return ObjectiveScale(scale, is_exact)


def _magnitude(prepared: PreparedInstance, penalties: list[Penalty]) -> Fraction:
    """A generous bound on |objective| in the format's units."""
    value = sum(
        (exact(plan.proposal.score) * plan.request.shifts for plan in prepared.plans.values()),
        Fraction(0),
    )
    penalty = sum((p.weight * _upper(p.variable) / p.scale for p in penalties), Fraction(0))
    return value + penalty + 1


def _upper(variable: cp_model.IntVar) -> int:
    # OR-Tools 9.15's proto lists answer index -1 with 0, so the last bound is read by length.
    domain = variable.proto.domain
    return int(domain[len(domain) - 1])
