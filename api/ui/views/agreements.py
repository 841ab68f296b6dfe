"""The agreements pages: the standing agreements the visitor manages, and one agreement's
ledger over the rounds it covered, with its charts.

Figures come from the ledger (`agreements.ledger`, computed from the bookings now) and
the return coefficients from `agreements.ledger_returns`, exactly as
`GET /agreements/{code}/ledger` and the country report give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from api.agreements.ledger import ledger_entries
from api.agreements.ledger_returns import RoundReturnsRead, ledger_returns
from api.agreements.ledger_schemas import LedgerRead
from api.agreements.ledger_view import ledger_read
from api.agreements.standing_schemas import StandingAgreementRead
from api.agreements.standing_service import StandingAgreementService, standing_read
from api.auth.principal import Principal
from api.ui.charts.balances import band_label
from api.ui.charts.balances import band_of as coefficient_band
from api.ui.charts.ledger import (
    RoundsChart,
    TimeChart,
    balance_over_rounds,
    coefficients_over_rounds,
    time_chart,
)
from api.ui.views.schedule import country_names
from models.orm import utc_now


def agreements_list(session: Session, principal: Principal) -> list[StandingAgreementRead]:
    """The standing agreements about the visitor's facilities (all, for admins).

    Raises:
        ForbiddenError: not an admin or coordinator.
    """
    return [
        standing_read(row) for row in StandingAgreementService(session, principal).list_visible()
    ]


def sides_of(agreement: StandingAgreementRead) -> list[str]:
    """The countries whose time the ledger counts: a reciprocity's two, a consortium's
    members."""
    if agreement.type == "reciprocity":
        return list(agreement.terms["countries"])
    return list(agreement.terms["shares"])


@dataclass(frozen=True)
class AgreementPage:
    """An agreement, its ledger, and the charts of its time and balance over the rounds."""

    agreement: StandingAgreementRead
    ledger: LedgerRead
    sides: list[str]
    time: TimeChart | None
    trend: RoundsChart | None
    returns: list[RoundReturnsRead]
    grades: dict[tuple[str, str, str], tuple[str, str]]
    """`(round, country, "round" or "cumulative")` -> the coefficient's band and label."""
    country_names: dict[str, str]
    as_of: datetime


def agreement_page(session: Session, principal: Principal, code: str) -> AgreementPage:
    """Agreement `code` with its ledger round by round (coordinators of the facilities it
    concerns, admins).

    Raises:
        ForbiddenError: not an admin or coordinator.
        NotFoundError: missing, or about none of the visitor's facilities.
    """
    agreement = StandingAgreementService(session, principal).get(code)
    now = utc_now()
    entries = ledger_entries(session, agreement, now)
    ledger = ledger_read(agreement, entries, now)
    shown = standing_read(agreement)
    sides = sides_of(shown)
    rounds = [entry.round for entry in ledger.rounds]
    rows = [
        (entry.round, side, entry.sides[side].model_dump())
        for entry in ledger.rounds
        for side in sides
        if side in entry.sides
    ]
    series = ledger_returns(agreement, entries)
    trend = None
    if rounds and shown.type == "reciprocity":
        balances = [entry.balance or 0.0 for entry in ledger.rounds]
        trend = balance_over_rounds(rounds, balances, ledger.tolerance or 0.0)
    elif rounds:
        cumulative = {c: [r.members[i].cumulative for r in series] for i, c in enumerate(sides)}
        alone = {c: [r.members[i].round_alone for r in series] for i, c in enumerate(sides)}
        trend = coefficients_over_rounds(rounds, cumulative, alone)
    max_ratio = shown.terms.get("max_ratio")

    def grade(value: float | None) -> tuple[str, str]:
        key = coefficient_band(value, max_ratio)
        return key, band_label(key, max_ratio)

    grades = {
        (entry.round, member.country, kind): grade(value)
        for entry in series
        for member in entry.members
        for kind, value in (("round", member.round_alone), ("cumulative", member.cumulative))
    }
    return AgreementPage(
        agreement=shown,
        ledger=ledger,
        sides=sides,
        time=time_chart(rows) if rows else None,
        trend=trend,
        returns=series,
        grades=grades,
        country_names=country_names(session, principal),
        as_of=now,
    )
