"""The country report's cumulative return coefficients across rounds, from the ledger.

A contribution policy that is a standing agreement gets, besides this round's figures,
each member's return coefficient in every round of the agreement's ledger up to this
one, alone and cumulatively (`agreements.ledger_returns`), so that a council reads how
each member stands since the agreement came into force.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.agreements.ledger import covers, ledger_entries
from api.agreements.ledger_returns import ledger_returns
from api.agreements.standing_repository import StandingAgreementRepository
from api.exports.reports import ContributionFigures, CountryReport
from models.orm import Round, utc_now


def with_ledger_returns(session: Session, round_: Round, report: CountryReport) -> CountryReport:
    """`report` with the ledger's return coefficients on each standing contribution
    agreement the round takes."""
    agreements = StandingAgreementRepository(session)
    now = utc_now()
    contribution: list[ContributionFigures] = []
    for figures in report.contribution:
        agreement = agreements.by_code(figures.policy)
        if (
            agreement is None
            or agreement.kind != "contribution_share"
            or not covers(agreement, round_)
        ):
            contribution.append(figures)
            continue
        entries = [
            entry
            for entry in ledger_entries(session, agreement, now)
            if entry.round_.start <= round_.start
        ]
        series = ledger_returns(agreement, entries)
        contribution.append(figures.model_copy(update={"ledger": series}))
    return report.model_copy(update={"contribution": contribution})
