"""What a proposer is told of the score that outranked its request: the round's
`cutoff_disclosure` (`models.orm.CutoffDisclosure`), applied in one place to every
solution a proposer reads (its `solution.json`, and through it the decisions page, its
CSV and the group page).

The `outranked` reason's `cutoff_score` is the lowest score among the proposals that
hold the request's instruments: another proposal's exact score. The format only needs
it to be at least the proposal's own score, so a hidden cut-off is reported as the
proposal's own score, and a grade is the cut-off rounded down, never below it.
"""

from __future__ import annotations

import math

from models.exchange import Solution
from models.exchange.solution import Decision, OutrankedReason, Reason
from models.orm import CutoffDisclosure


def disclosed(
    solution: Solution, disclosure: CutoffDisclosure, own_scores: dict[str, float]
) -> Solution:
    """`solution` with every `outranked` reason cut down to what `disclosure` allows.

    Args:
        own_scores: each proposal's exported score, by proposal id.
    """
    if disclosure is CutoffDisclosure.EXACT:
        return solution
    decisions = tuple(
        _decision(decision, disclosure, own_scores[decision.proposal])
        for decision in solution.decisions
    )
    return solution.model_copy(update={"decisions": decisions})


def _decision(decision: Decision, disclosure: CutoffDisclosure, own_score: float) -> Decision:
    reasons = tuple(_reason(reason, disclosure, own_score) for reason in decision.reasons)
    return decision.model_copy(update={"reasons": reasons})


def _reason(reason: Reason, disclosure: CutoffDisclosure, own_score: float) -> Reason:
    if not isinstance(reason, OutrankedReason):
        return reason
    if disclosure is CutoffDisclosure.GRADE:
        grade = max(float(math.floor(reason.cutoff_score)), own_score)
        message = (
            f"The instruments of this request went, over its window, to proposals graded "
            f"{grade:g} and above; this proposal scored {own_score:g}."
        )
        return reason.model_copy(update={"cutoff_score": grade, "message": message})
    message = (
        "The instruments of this request went, over its window, to proposals scored at "
        f"least as high as this one ({own_score:g})."
    )
    return reason.model_copy(update={"cutoff_score": own_score, "message": message})
