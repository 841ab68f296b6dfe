"""Policy rows as exact integers, built once per round and shared by every model and ledger.

A row's coefficient for a (proposal, facility) pair is a sum of fractions; at facility
scale (10,000 proposals, dozens of rows) computing it again for each model built, each
ledger and each explanation cost more than the CP-SAT runs themselves. Here each
policy gets one common denominator (its scale) and every row its integer coefficients
for the pairs a request of the round can be placed at, computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scheduler.index import InstanceIndex
from scheduler.model.scaling import common_denominator
from scheduler.policy_rows import PolicyRow, PolicyRows

Key = tuple[str, str]
"""(proposal id, facility id)."""


@dataclass(frozen=True)
class ScaledRow:
    """One row times its policy's scale: `sum coefficient[key] * shifts + constant`."""

    constant: int
    coefficients: dict[Key, int]


@dataclass(frozen=True)
class PolicyMatrix:
    """Every policy's rows at its scale, and for each key the rows it moves."""

    scales: dict[str, int]
    rows: dict[str, list[ScaledRow]]
    touched: dict[Key, dict[str, list[tuple[int, int]]]]
    """Key -> policy id -> (row number, scaled coefficient), nonzero coefficients only."""

    def rows_moved_by(self, proposal: str, facility: str) -> dict[str, list[tuple[int, int]]]:
        """The rows one shift of `proposal` at `facility` moves, by policy."""
        return self.touched.get((proposal, facility), {})


def policy_matrix(index: InstanceIndex, rows: dict[str, list[PolicyRow]]) -> PolicyMatrix:
    """The integer form of `rows`, built once for the rows of a whole round."""
    if isinstance(rows, PolicyRows) and rows.index is index:
        if rows.integer_form is None:
            rows.integer_form = build_policy_matrix(index, rows)
        return rows.integer_form
    return build_policy_matrix(index, rows)


def build_policy_matrix(index: InstanceIndex, rows: dict[str, list[PolicyRow]]) -> PolicyMatrix:
    """The integer form of `rows` for the pairs the round's requests can be placed at."""
    facilities_of: dict[str, set[str]] = {}
    for proposal in index.instance.proposals:
        used = facilities_of.setdefault(proposal.id, set())
        for request in proposal.requests:
            used.update(index.facility_of[instrument] for instrument in request.instruments)
    scales: dict[str, int] = {}
    scaled_rows: dict[str, list[ScaledRow]] = {}
    touched: dict[Key, dict[str, list[tuple[int, int]]]] = {}
    for policy, policy_rows in rows.items():
        scale = common_denominator(
            [row.constant for row in policy_rows]
            + [c for row in policy_rows for term in row.terms for c in term.coefficients.values()]
        )
        scales[policy] = scale
        scaled_rows[policy] = []
        for number, row in enumerate(policy_rows):
            coefficients: dict[Key, int] = {}
            for term in row.terms:
                for proposal_id, fraction in term.coefficients.items():
                    integer = _times(fraction, scale)
                    for facility in facilities_of.get(proposal_id, ()):
                        if facility in term.facilities:
                            key = (proposal_id, facility)
                            coefficients[key] = coefficients.get(key, 0) + integer
            nonzero = {key: c for key, c in coefficients.items() if c}
            scaled_rows[policy].append(ScaledRow(_times(row.constant, scale), nonzero))
            for key, integer in nonzero.items():
                touched.setdefault(key, {}).setdefault(policy, []).append((number, integer))
    return PolicyMatrix(scales, scaled_rows, touched)


def _times(value: Fraction, scale: int) -> int:
    """`value * scale` for a scale that is a multiple of its denominator, in integers only."""
    return value.numerator * (scale // value.denominator)
