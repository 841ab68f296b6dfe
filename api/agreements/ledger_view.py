"""Turning the ledger's entries into its API view."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from api.agreements.ledger import CATEGORIES, RoundEntry, SideTime, carried_in
from api.agreements.ledger_schemas import LedgerRead, LedgerRoundRead, SideTimeRead
from models.orm import StandingAgreement


def _side(side: SideTime) -> SideTimeRead:
    return SideTimeRead(**{k: round(v, 4) for k, v in side.by_category.items()})


def _balance(agreement: StandingAgreement, carried: dict[str, float], entry: RoundEntry) -> float:
    first, second = agreement.terms["countries"]
    received = {c: carried.get(c, 0.0) + entry.sides[c].received for c in (first, second)}
    ratio = float(agreement.terms.get("ratio", 1.0))
    return round(received[second] - ratio * received[first], 4)


def ledger_read(
    agreement: StandingAgreement, entries: list[RoundEntry], as_of: datetime
) -> LedgerRead:
    """The ledger's view: each round with what it carried in, and the totals."""
    rounds = []
    totals: dict[str, SideTime] = defaultdict(SideTime)
    for entry in entries:
        carried = carried_in(entries, agreement, entry.round_)
        for country, side in entry.sides.items():
            for category in CATEGORIES:
                totals[country].add(category, side.by_category[category])
        rounds.append(
            LedgerRoundRead(
                round=entry.round_.code,
                start=entry.round_.start,
                state=entry.round_.state,
                carried_in=carried,
                sides={country: _side(side) for country, side in entry.sides.items()},
                balance=_balance(agreement, carried, entry)
                if agreement.kind == "reciprocity"
                else None,
            )
        )
    return LedgerRead(
        code=agreement.code,
        type=agreement.kind,
        as_of=as_of,
        rounds=rounds,
        totals={country: _side(side) for country, side in sorted(totals.items())},
        tolerance=agreement.terms.get("tolerance", 0.0)
        if agreement.kind == "reciprocity"
        else None,
    )
