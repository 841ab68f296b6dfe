"""Each consortium member's return coefficient round by round, from a contribution
agreement's ledger: for each round alone, and cumulatively from the agreement's own
`history` (time received before beamtime) through that round.

Time received is the ledger's delivered and scheduled time (`ledger.RECEIVED`): lost,
declined and cancelled time was never received. The coefficient itself is
`scheduler.returns.return_coefficient`, the one home of that figure, so the agreement's
page, the country report and the solver's summary agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from pydantic import BaseModel, Field

from api.agreements.ledger import RoundEntry
from models.orm import StandingAgreement
from scheduler.evaluation import exact
from scheduler.returns import return_coefficient


class MemberReturnRead(BaseModel):
    """One member's return coefficients after one round (None while undefined)."""

    country: str
    time: float = Field(description="Shifts the member received in the round.")
    round_alone: float | None = Field(description="The coefficient of the round alone.")
    cumulative: float | None = Field(
        description="The coefficient of the agreement's history and every round up to this one."
    )


class RoundReturnsRead(BaseModel):
    """Every member's return coefficients after one round the agreement covered."""

    round: str
    members: list[MemberReturnRead]


def _ledger_time(value: float) -> Fraction:
    # The ledger rounds its share-weighted sums to the format's four decimals.
    return exact(round(value, 4))


def _coefficient(time: dict[str, Fraction], country: str, share: float) -> float | None:
    members = sum(time.values(), Fraction(0))
    value = return_coefficient(time[country], members, share)
    return None if value is None else round(float(value), 6)


def ledger_returns(
    agreement: StandingAgreement, entries: Sequence[RoundEntry]
) -> list[RoundReturnsRead]:
    """The members' return coefficients after each round of a contribution agreement's
    ledger, in the ledger's order; none for a reciprocity."""
    if agreement.kind != "contribution_share":
        return []
    shares: dict[str, float] = dict(agreement.terms["shares"])
    history = agreement.terms.get("history") or {}
    running = {country: _ledger_time(history.get(country, 0.0)) for country in shares}
    series = []
    for entry in entries:
        this_round = {
            country: _ledger_time(entry.sides[country].received)
            if country in entry.sides
            else Fraction(0)
            for country in shares
        }
        running = {country: running[country] + this_round[country] for country in shares}
        series.append(
            RoundReturnsRead(
                round=entry.round_.code,
                members=[
                    MemberReturnRead(
                        country=country,
                        time=round(float(this_round[country]), 4),
                        round_alone=_coefficient(this_round, country, share),
                        cumulative=_coefficient(running, country, share),
                    )
                    for country, share in shares.items()
                ],
            )
        )
    return series
