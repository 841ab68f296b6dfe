"""Rule 6, second half, and the soft penalties: policy rows as exact integer constraints.

Each row of a policy (`scheduler.policy_rows`) is multiplied by the least common
denominator of its coefficients, so that `row <= 0` (hard) or
`violation_var >= row` (soft, the variable counting 1/scale shifts) is exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.model.awards import AmountExpr, AwardVariables
from scheduler.model.scaling import SAFE_MAGNITUDE, common_denominator
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance


@dataclass(frozen=True)
class Penalty:
    """A soft policy row's violation: `variable / scale` shifts, costing `weight` per shift."""

    policy: str
    variable: cp_model.IntVar
    scale: int
    weight: Fraction


@dataclass(frozen=True)
class PolicyConstraints:
    """What the policy rules added: penalties for the objective, and the enforcement literals
    of hard policies (present only when asked for, to find conflicts)."""

    penalties: list[Penalty]
    exact: bool
    enforcement: dict[str, cp_model.IntVar]


def add_policies(
    awards: AwardVariables,
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    *,
    with_enforcement_literals: bool = False,
) -> PolicyConstraints:
    """Hard policies as constraints, soft ones as penalty variables."""
    model = awards.model
    by_key: dict[tuple[str, str], list[tuple[int, AmountExpr | int]]] = defaultdict(list)
    for request_id, instrument, amount in awards.amount_terms():
        proposal = prepared.index.proposal_of[request_id].id
        facility = prepared.index.facility_of[instrument]
        most = prepared.plans[request_id].request.shifts
        by_key[(proposal, facility)].append((most, amount))
    penalties: list[Penalty] = []
    enforcement: dict[str, cp_model.IntVar] = {}
    exact = True
    for policy in prepared.instance.policies:
        literal = None
        if policy.mode == "hard" and with_enforcement_literals:
            literal = model.new_bool_var(f"holds[{policy.id}]")
            enforcement[policy.id] = literal
        for number, row in enumerate(rows[policy.id]):
            linear, constant, upper, scale, row_exact = _scaled_row(row, by_key)
            exact = exact and row_exact
            if policy.mode == "hard":
                constraint = model.add(linear + constant <= 0)
                if literal is not None:
                    constraint.only_enforce_if(literal)
                continue
            violation = model.new_int_var(0, max(0, upper), f"violation[{policy.id}#{number}]")
            model.add(violation >= linear + constant)
            penalties.append(Penalty(policy.id, violation, scale, Fraction(repr(policy.weight))))
    return PolicyConstraints(penalties, exact, enforcement)


def _scaled_row(
    row: PolicyRow, by_key: dict[tuple[str, str], list[tuple[int, AmountExpr | int]]]
) -> tuple[cp_model.LinearExprT, int, int, int, bool]:
    """The row times its common denominator: (linear part, constant, upper bound, scale, exact)."""
    used: list[tuple[Fraction, int, AmountExpr | int]] = []
    for (proposal, facility), amounts in by_key.items():
        coefficient = row.coefficient(proposal, facility)
        if coefficient:
            used.extend((coefficient, most, amount) for most, amount in amounts)
    scale = common_denominator([c for c, _, _ in used] + [row.constant])
    magnitude = sum(abs(c) * most for c, most, _ in used) + abs(row.constant)
    exact = magnitude * scale <= SAFE_MAGNITUDE
    if not exact:
        scale = max(1, int(SAFE_MAGNITUDE // max(Fraction(1), magnitude)))
    constant = _round(row.constant * scale, exact)
    upper = 0
    coefficients: list[int] = []
    terms: list[AmountExpr] = []
    for coefficient, most, amount in used:
        integer = _round(coefficient * scale, exact)
        if isinstance(amount, int):
            constant += integer * amount
        else:
            coefficients.append(integer)
            terms.append(amount)
            upper += max(0, integer) * most
    if not exact:  # rounding slack (half a unit per shift), so hard rows stay on the safe side
        constant += sum(most for _, most, _ in used) // 2 + 1
    linear = cp_model.LinearExpr.weighted_sum(terms, coefficients)
    return linear, constant, upper + constant, scale, exact


def _round(value: Fraction, exact: bool) -> int:
    if exact:
        return value.numerator // value.denominator
    return round(value)
