"""How much more a targeted shift is worth placing when losing it would break a hard row.

The selection balances hard policies on its targets; placement may then fail a few. A
failed shift of a country whose hard row is tight costs more than its own value: the
repair must take time from the others until the row holds again. For a contribution
member with share s at its minimum ratio r, one lost shift forces about 1 / (r * s)
shifts of the others out (about a hundred for a 1% member). Placement weighs each
target's shifts by that factor, so that the targets it fails are the cheap ones.
"""

from __future__ import annotations

from fractions import Fraction
from statistics import median

from scheduler.policy_matrix import PolicyMatrix, policy_matrix
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.selection_stage import Targets

MAX_CRITICALITY = 50
"""Most a target's shift is weighed above an ordinary one (keeps placement's objective
small and its other targets worth placing)."""


def criticality(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], targets: Targets
) -> dict[str, Fraction]:
    """For each target whose loss would break a tight hard row: 1 + the shifts of others
    that one lost shift of it forces out (at most `MAX_CRITICALITY`). Others are absent."""
    index = prepared.index
    matrix = policy_matrix(index, rows)
    hard = {p.id for p in prepared.instance.policies if p.mode == "hard"}
    values = _row_values(prepared, matrix, targets)
    typical = _typical_positive_coefficients(matrix, hard)
    weights: dict[str, Fraction] = {}
    for request_id, (instrument, shifts) in targets.items():
        key = (index.proposal_of[request_id].id, index.facility_of[instrument])
        weight = Fraction(1)
        for policy, entries in matrix.touched.get(key, {}).items():
            if policy not in hard:
                continue
            for number, coefficient in entries:
                others = typical.get((policy, number))
                if coefficient >= 0 or not others:
                    continue
                loss = -coefficient * shifts  # how far losing the whole target raises the row
                broken = values[policy][number] + loss  # above 0: the row no longer holds
                if broken <= 0:
                    continue
                tightness = min(Fraction(1), Fraction(broken, loss))
                weight = max(weight, 1 + Fraction(-coefficient, others) * tightness)
        if weight > 1:
            weights[request_id] = min(weight, Fraction(MAX_CRITICALITY))
    return weights


def _row_values(
    prepared: PreparedInstance, matrix: PolicyMatrix, targets: Targets
) -> dict[str, list[int]]:
    """Every row's scaled value with the targets awarded (a row holds at 0 or below)."""
    index = prepared.index
    values = {policy: [row.constant for row in scaled] for policy, scaled in matrix.rows.items()}
    for request_id, (instrument, shifts) in targets.items():
        key = (index.proposal_of[request_id].id, index.facility_of[instrument])
        for policy, entries in matrix.touched.get(key, {}).items():
            for number, coefficient in entries:
                values[policy][number] += coefficient * shifts
    return values


def _typical_positive_coefficients(
    matrix: PolicyMatrix, hard: set[str]
) -> dict[tuple[str, int], Fraction]:
    """The median positive coefficient of every hard row: what one shift of the others
    that the repair may drop lowers it by."""
    typical: dict[tuple[str, int], Fraction] = {}
    for policy in hard:
        for number, row in enumerate(matrix.rows.get(policy, ())):
            positive = [c for c in row.coefficients.values() if c > 0]
            if positive:
                typical[(policy, number)] = Fraction(median(positive))
    return typical
