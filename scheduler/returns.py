"""The return coefficient of a contribution policy's member, and the bands it is read by.

One home for a figure shown in several places (the solve summary, the country report,
the balances page): `return_coefficient` computes it, `BANDS` grade it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from models.exchange import ContributionSharePolicy
from scheduler.evaluation import Award, contribution_balance, country_time, exact
from scheduler.index import InstanceIndex


def return_coefficient(time: Fraction, member_time: Fraction, share: float) -> Fraction | None:
    """(share of the members' time) / (share of the contribution): 1 is a perfect return.

    Args:
        time: the member's shifts at the policy's facilities.
        member_time: all members' shifts there.
        share: the member's contribution share.

    Returns:
        None when nobody has time yet (or the share is 0): the ratio is undefined.
    """
    if not member_time or share <= 0:
        return None
    return (time / member_time) / exact(share)


@dataclass(frozen=True)
class ReturnCoefficients:
    """A member's return coefficient, (T(c) / M) / share(c): for this round alone and
    cumulative with the policy's `history` (equal when there is none). None when M is 0
    or the share is 0. 1.0 is a perfect return."""

    round_alone: Fraction | None
    cumulative: Fraction | None


def return_coefficients(
    index: InstanceIndex, policy: ContributionSharePolicy, awards: Iterable[Award]
) -> dict[str, ReturnCoefficients]:
    """Each member's return coefficients under `policy`: the one home of this figure."""
    award_list = list(awards)
    cumulative = contribution_balance(index, policy, award_list)
    this_round = country_time(index, award_list, frozenset(policy.facilities))
    round_members = sum((t for c, t in this_round.items() if c in policy.shares), Fraction(0))

    return {
        country: ReturnCoefficients(
            return_coefficient(this_round.get(country, Fraction(0)), round_members, share),
            return_coefficient(
                cumulative.time.get(country, Fraction(0)), cumulative.member_time, share
            ),
        )
        for country, share in policy.shares.items()
    }


@dataclass(frozen=True)
class Band:
    """A range `[low, high)` of return coefficients and how consortia call it."""

    key: str
    name: str
    low: float
    high: float

    @property
    def label(self) -> str:
        """The band with its limit, e.g. `poorly balanced (< 1.00)`."""
        if math.isinf(self.high):
            return f"{self.name} (≥ {self.low:.2f})"
        return f"{self.name} (< {self.high:.2f})"


BANDS: tuple[Band, ...] = (
    Band("very-poor", "very poorly balanced", 0.0, 0.40),
    Band("poor", "poorly balanced", 0.40, 1.00),
    Band("well", "well balanced", 1.00, math.inf),
)
"""CERN's grading of juste retour: below 0.40 very poor, below 1.00 poor, else well."""


def band_of(coefficient: float | None) -> Band | None:
    """The band a return coefficient falls in (None when it is undefined)."""
    if coefficient is None:
        return None
    return next(band for band in BANDS if band.low <= coefficient < band.high)
