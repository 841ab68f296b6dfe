"""A quick estimate of each policy's price from the LP duals of the selection model.

The selection model (`scheduler.model.selection`) with integrality relaxed is a
linear programme. Solved once with every policy, its dual value on a policy row
is what one more shift of room on that row is worth; solved once with no policy
at all, it shows how far each row would have to move for the policies to stop
binding. Their product, summed over a policy's rows, is a first-order estimate
of the price, capped by the LP's whole gain from dropping every policy (no single
policy can free more than all of them together). It is neither a bound nor exact
(the relaxation ignores the calendar and integrality, and duals hold only
locally), so it is always reported as an estimate, beside the proven interval
of `scheduler.whatif.price`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from models.exchange import Instance
from scheduler.model.selection import build_selection_model
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class LinearRow:
    """One linear constraint of the model: `lower <= sum coefficient * variable <= upper`."""

    terms: tuple[tuple[int, float], ...]
    lower: float
    upper: float
    policy: str | None


@dataclass
class LinearProgramme:
    """The selection model as an LP: variable bounds, rows tagged with their policy, objective."""

    bounds: list[tuple[float, float]] = field(default_factory=list)
    rows: list[LinearRow] = field(default_factory=list)
    objective: dict[int, float] = field(default_factory=dict)
    objective_sign: float = 1.0


def lp_price_estimates(instance: Instance) -> dict[str, float | None]:
    """Estimated price of each policy, in the objective's units (None if the LP fails).

    An estimate only: see the module docstring. A round whose LP with every
    policy is infeasible gets None for every policy.
    """
    prepared = prepare(instance)
    rows = all_policy_rows(prepared.index)
    selection = build_selection_model(prepared, rows, with_enforcement_literals=True)
    policy_ids = {policy.id for policy in instance.policies}
    programme = linear_programme(selection.model, policy_ids)
    scale = selection.objective.scale
    with_all = _solve(programme, keep_policies=True)
    without_any = _solve(programme, keep_policies=False)
    if with_all is None or without_any is None:
        return dict.fromkeys(policy_ids, None)
    duals, _, value_with_all = with_all
    _, free_values, value_without_any = without_any
    most = max(0.0, value_without_any - value_with_all)
    estimates = dict.fromkeys((policy.id for policy in instance.policies), 0.0)
    for number, row in enumerate(programme.rows):
        if row.policy is None:
            continue
        activity = sum(coefficient * free_values[v] for v, coefficient in row.terms)
        moved = max(0.0, activity - row.upper, row.lower - activity)
        estimates[row.policy] = (estimates[row.policy] or 0.0) + abs(duals[number]) * moved
    return {
        policy: None if value is None else min(value, most) / scale
        for policy, value in estimates.items()
    }


def linear_programme(model: cp_model.CpModel, policy_ids: set[str]) -> LinearProgramme:
    """The LP relaxation of a CP-SAT model made of linear constraints.

    Constraints enforced by a `holds[...]` literal (hard policies, coupling,
    precedences, switchable only to find conflicts) are kept as if switched on;
    other enforced constraints are dropped, which only relaxes the LP.
    """
    proto = model.proto
    names = [variable.name for variable in proto.variables]
    programme = LinearProgramme(
        bounds=[(_finite(v.domain[0]), _last(v.domain)) for v in proto.variables]
    )
    for constraint in proto.constraints:
        if not constraint.has_linear():
            continue
        switches = [names[ref] if ref >= 0 else "" for ref in constraint.enforcement_literal]
        if not all(name.startswith("holds[") for name in switches):
            continue
        terms: list[tuple[int, float]] = []
        shift = 0.0
        for ref, coefficient in zip(constraint.linear.vars, constraint.linear.coeffs, strict=True):
            if ref >= 0:
                terms.append((ref, float(coefficient)))
            else:  # a negated literal: c * (1 - x)
                terms.append((-ref - 1, -float(coefficient)))
                shift += coefficient
        domain = constraint.linear.domain
        programme.rows.append(
            LinearRow(
                tuple(terms),
                _finite(domain[0]) - shift,
                _last(domain) - shift,
                _policy_of(switches, [names[v] for v, _ in terms], policy_ids),
            )
        )
    objective = proto.objective
    programme.objective_sign = objective.scaling_factor or 1.0
    for ref, coefficient in zip(objective.vars, objective.coeffs, strict=True):
        programme.objective[ref] = programme.objective.get(ref, 0.0) + float(coefficient)
    return programme


def _policy_of(switches: list[str], variables: list[str], policy_ids: set[str]) -> str | None:
    """The policy a row belongs to: by its `holds[ID]` switch (hard) or `violation[ID#n]` (soft)."""
    for name in switches:
        if name[len("holds[") : -1] in policy_ids:
            return name[len("holds[") : -1]
    for name in variables:
        if name.startswith("violation[") and "#" in name:
            candidate = name[len("violation[") : name.rindex("#")]
            if candidate in policy_ids:
                return candidate
    return None


def _solve(
    programme: LinearProgramme, *, keep_policies: bool
) -> tuple[list[float], list[float], float] | None:
    """Row duals, variable values and value of the LP optimum, or None if GLOP finds none."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None
    infinity = solver.infinity()
    variables = [
        solver.NumVar(max(low, -infinity), min(high, infinity), f"v{n}")
        for n, (low, high) in enumerate(programme.bounds)
    ]
    constraints: list[pywraplp.Constraint | None] = []
    for row in programme.rows:
        if row.policy is not None and not keep_policies:
            constraints.append(None)
            continue
        constraint = solver.Constraint(max(row.lower, -infinity), min(row.upper, infinity))
        for variable, coefficient in row.terms:
            constraint.SetCoefficient(variables[variable], coefficient)
        constraints.append(constraint)
    goal = solver.Objective()
    for variable, coefficient in programme.objective.items():
        goal.SetCoefficient(variables[variable], coefficient * programme.objective_sign)
    goal.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    duals = [0.0 if c is None else c.dual_value() for c in constraints]
    values = [variable.solution_value() for variable in variables]
    return duals, values, goal.Value()


def _last(domain: Sequence[int]) -> float:
    # The protos are pybind objects whose repeated fields do not read index -1 correctly.
    return _finite(domain[len(domain) - 1])


def _finite(value: int) -> float:
    if value <= INT64_MIN:
        return float("-inf")
    if value >= INT64_MAX:
        return float("inf")
    return float(value)
