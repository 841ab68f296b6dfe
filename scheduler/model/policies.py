"""Rule 6, second half, and the soft penalties: policy rows as exact integer constraints.

Each row of a policy (`scheduler.policy_rows`) is multiplied by the least common
denominator of its coefficients, so that `row <= 0` (hard) or
`violation_var >= row` (soft, the variable counting 1/scale shifts) is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.model.awards import AmountExpr, AwardVariables
from scheduler.model.scaling import SAFE_MAGNITUDE
from scheduler.policy_matrix import policy_matrix
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance


@dataclass(frozen=True)
class Penalty:
    """A soft policy row's violation: `variable / scale` shifts, costing `weight` per shift."""

    policy: str
    variable: cp_model.IntVar
    scale: int
    weight: Fraction
    row: int
    """The row's number among the policy's rows."""


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
    matrix = policy_matrix(prepared.index, rows)
    used: dict[str, list[list[tuple[int, int, AmountExpr | int]]]] = {
        policy_id: [[] for _ in scaled] for policy_id, scaled in matrix.rows.items()
    }
    for request_id, instrument, amount in awards.amount_terms():
        proposal = prepared.index.proposal_of[request_id].id
        facility = prepared.index.facility_of[instrument]
        most = prepared.plans[request_id].request.shifts
        for policy_id, entries in matrix.rows_moved_by(proposal, facility).items():
            for number, coefficient in entries:
                used[policy_id][number].append((coefficient, most, amount))
    penalties: list[Penalty] = []
    enforcement: dict[str, cp_model.IntVar] = {}
    exact = True
    for policy in prepared.instance.policies:
        literal = None
        if policy.mode == "hard" and with_enforcement_literals:
            literal = model.new_bool_var(f"holds[{policy.id}]")
            enforcement[policy.id] = literal
        scale = matrix.scales[policy.id]
        for number, row in enumerate(matrix.rows[policy.id]):
            linear, constant, upper, row_scale, row_exact = _scaled_row(
                row.constant, scale, used[policy.id][number]
            )
            exact = exact and row_exact
            if policy.mode == "hard":
                constraint = model.add(linear + constant <= 0)
                if literal is not None:
                    constraint.only_enforce_if(literal)
                continue
            violation = model.new_int_var(0, max(0, upper), f"violation[{policy.id}#{number}]")
            model.add(violation >= linear + constant)
            penalties.append(
                Penalty(policy.id, violation, row_scale, Fraction(repr(policy.weight)), number)
            )
    return PolicyConstraints(penalties, exact, enforcement)


def _scaled_row(
    constant: int, scale: int, used: list[tuple[int, int, AmountExpr | int]]
) -> tuple[cp_model.LinearExprT, int, int, int, bool]:
    """A row at its policy's `scale`: (linear part, constant, upper bound, scale, exact).

    `used` holds (scaled coefficient, most shifts, amount) per award term. Beyond the
    magnitude CP-SAT handles exactly, the row is rescaled and rounded on the safe side.
    """
    magnitude = sum(abs(c) * most for c, most, _ in used) + abs(constant)
    exact = magnitude <= SAFE_MAGNITUDE
    factor = Fraction(1)
    if not exact:
        factor = Fraction(max(1, int(SAFE_MAGNITUDE * scale // max(1, magnitude))), scale)
        scale = max(1, int(factor * scale))
    total = constant if exact else round(constant * factor)
    upper = 0
    coefficients: list[int] = []
    terms: list[AmountExpr] = []
    for coefficient, most, amount in used:
        integer = coefficient if exact else round(coefficient * factor)
        if isinstance(amount, int):
            total += integer * amount
        else:
            coefficients.append(integer)
            terms.append(amount)
            upper += max(0, integer) * most
    if not exact:  # rounding slack (half a unit per shift), so hard rows stay on the safe side
        total += sum(most for _, most, _ in used) // 2 + 1
    linear = cp_model.LinearExpr.weighted_sum(terms, coefficients)
    return linear, total, upper + total, scale, exact


def hint_violations(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    values: dict[str, list[int]],
    scales: dict[str, int],
) -> None:
    """Hint each soft row's violation variable with its value under the hinted awards
    (`values`: every row's scaled value there, as a policy ledger keeps them): with every
    variable hinted, CP-SAT takes a valid hint as its first solution at once."""
    for penalty in penalties:
        if penalty.scale == scales.get(penalty.policy):
            model.add_hint(penalty.variable, max(0, values[penalty.policy][penalty.row]))
