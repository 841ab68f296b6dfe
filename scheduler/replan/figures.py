"""Figures of a revision against the schedule it revises: value planned, lost, recovered, and
each agreement's violation before and after (for the CLI summary and reports)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from models.exchange import Instance, Solution
from scheduler.evaluation import Award, award_value, policy_violations
from scheduler.index import InstanceIndex
from scheduler.prepare import prepare
from scheduler.replan.baseline import baseline_start
from scheduler.replan.remaining import remaining_round


@dataclass(frozen=True)
class AgreementChange:
    """A policy's violation (shifts) under the baseline as planned and under the revision."""

    policy: str
    before: Fraction
    after: Fraction


@dataclass(frozen=True)
class RevisionFigures:
    """Award value (score x shifts, delivered time included) of the plan, of what the outage
    left of it, and of the revision; and every agreement before and after."""

    planned_value: Fraction
    surviving_value: Fraction
    revised_value: Fraction
    agreements: tuple[AgreementChange, ...]

    @property
    def lost_value(self) -> Fraction:
        """Value of the baseline blocks that no revision can keep."""
        return self.planned_value - self.surviving_value

    @property
    def recovered_value(self) -> Fraction:
        """What the revision adds to what survived (negative if it gives some up)."""
        return self.revised_value - self.surviving_value


def revision_figures(instance: Instance, solution: Solution) -> RevisionFigures:
    """The figures of `solution`, a revision of re-plan `instance`.

    Raises:
        ValueError: if `instance` has no `replan` section.
    """
    remaining = remaining_round(instance)
    index = InstanceIndex(instance)
    delivered = [Award(d.request, d.instrument, d.shifts) for d in remaining.replan.delivered]
    planned = delivered + [
        Award(b.request, b.instrument, sum(n for _, n in b.blocks))
        for b in remaining.replan.baseline
    ]
    impossible = baseline_start(remaining, prepare(remaining.instance)).impossible
    lost = [Award(b.request, b.instrument, b.length) for b in impossible]
    revised = delivered + [
        Award(a.request, a.instrument, a.awarded_shifts) for a in solution.assignments
    ]
    before = policy_violations(index, planned)
    after = policy_violations(index, revised)
    return RevisionFigures(
        planned_value=award_value(index, planned),
        surviving_value=award_value(index, planned) - award_value(index, lost),
        revised_value=award_value(index, revised),
        agreements=tuple(
            AgreementChange(policy.id, before[policy.id], after[policy.id])
            for policy in instance.policies
        ),
    )
