"""`check_solution`: every rule, in a fixed order, over one instance and one solution."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from models.exchange import Instance, Solution
from scheduler.checking.awards import check_awards
from scheduler.checking.breaches import Breach
from scheduler.checking.capacity import check_capacity
from scheduler.checking.context import CheckContext
from scheduler.checking.coupling import check_coupling
from scheduler.checking.decisions import check_decisions, check_reasons_given
from scheduler.checking.objective import check_bound, check_objective
from scheduler.checking.policies import check_hard_policies, check_reported_violations
from scheduler.checking.precedence import check_precedences
from scheduler.checking.reasons import check_reason_claims
from scheduler.checking.references import check_references
from scheduler.checking.replan import check_changed, check_replan_blocks
from scheduler.checking.report import CheckReport
from scheduler.checking.status import check_conflict, check_round, check_status
from scheduler.index import InstanceIndex

RULES: tuple[Callable[[CheckContext], Iterator[Breach]], ...] = (
    check_round,
    check_status,
    check_conflict,
    check_references,
    check_awards,
    check_replan_blocks,
    check_capacity,
    check_coupling,
    check_precedences,
    check_hard_policies,
    check_reported_violations,
    check_objective,
    check_changed,
    check_bound,
    check_decisions,
    check_reasons_given,
    check_reason_claims,
)
"""The rules in the order their breaches are reported: document, then awards, then claims."""


def check_solution(instance: Instance, solution: Solution) -> CheckReport:
    """Check `solution` against `instance` without a solver, with exact arithmetic.

    Every rule of "What a valid award is" is checked, the objective and each
    policy's violation are recomputed and compared with what the solution
    reports, and the status, decisions and reasons are verified. Never raises
    for a structurally valid solution: whatever is wrong becomes a `Breach`.
    """
    context = CheckContext(InstanceIndex(instance), solution)
    breaches = [breach for rule in RULES for breach in rule(context)]
    return CheckReport(breaches, context.objective, dict(context.violations))
