"""The score a proposal carries into the instance.

An explicit score (set by a coordinator, or carried in by an import) wins;
otherwise the score is the mean of the reviewers' scores, rounded half-to-even to
4 decimals, the precision the format allows. A proposal with neither has no score
yet and cannot be exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from models.orm import Proposal

FOUR_PLACES = Decimal("0.0001")
SMALLEST_SCORE = Decimal("0.0001")


def mean_score(scores: Sequence[float]) -> float | None:
    """The mean of `scores` rounded to 4 decimals (at least 0.0001), or None if empty."""
    if not scores:
        return None
    total = sum((Decimal(repr(score)) for score in scores), Decimal(0))
    mean = (total / len(scores)).quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)
    return float(max(mean, SMALLEST_SCORE))


def effective_score(proposal: Proposal) -> float | None:
    """The proposal's score for the instance (its reviews must be loaded)."""
    return score_of(proposal.score, [review.score for review in proposal.reviews])


def score_of(explicit: float | None, review_scores: Sequence[float]) -> float | None:
    """The score for the instance: the explicit one, else the reviews' mean, else None."""
    if explicit is not None:
        return explicit
    return mean_score(review_scores)
