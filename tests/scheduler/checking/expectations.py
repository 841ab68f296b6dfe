"""Assertions the checker's tests share."""

from __future__ import annotations

from models.exchange import Instance, Solution
from scheduler.checking import Breach, Rule, check_solution


def breaches_of(instance: Instance, solution: Solution, rule: Rule) -> list[Breach]:
    """The breaches with code `rule` that the checker finds."""
    return [b for b in check_solution(instance, solution).breaches if b.rule == rule]


def the_breach(instance: Instance, solution: Solution, rule: Rule) -> Breach:
    """The one breach with code `rule` (fails the test when there is none or several)."""
    found = breaches_of(instance, solution, rule)
    assert len(found) == 1, f"expected one {rule!r} breach, found {[str(b) for b in found]}"
    return found[0]


def the_only_breach(instance: Instance, solution: Solution) -> Breach:
    """The one breach of any code (fails the test when there is none or several)."""
    found = check_solution(instance, solution).breaches
    assert len(found) == 1, f"expected one breach, found {[str(b) for b in found]}"
    return found[0]
