"""SQL for exporting a round's proposals: plain rows, one query per table.

Exports read every proposal of a round; loading them as ORM objects (with their
shares, requests, alternatives and reviews) costs seconds at 10,000 proposals, so
the export reads tuples and assembles the format's proposal objects directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import (
    Country,
    Instrument,
    Proposal,
    ProposalShare,
    Request,
    RequestInstrument,
    ResearchGroup,
    Review,
)


@dataclass
class ProposalRow:
    """A proposal as the export needs it: the format's fields and the review scores."""

    id: int
    code: str
    title: str
    coupled: bool
    explicit_score: float | None
    group: str = ""
    review_scores: list[float] = field(default_factory=list)
    countries: dict[str, float] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)


def proposal_rows(
    session: Session, round_id: int, *, group_code: str | None = None
) -> list[ProposalRow]:
    """Every proposal of the round (of one group if given), by code, with its group,
    shares, requests and review scores."""
    query = (
        select(
            Proposal.id,
            Proposal.code,
            Proposal.title,
            Proposal.coupled,
            Proposal.score,
            ResearchGroup.code,
        )
        .join(ResearchGroup, ResearchGroup.id == Proposal.group_id)
        .where(Proposal.round_id == round_id)
        .order_by(Proposal.code)
    )
    if group_code is not None:
        query = query.where(ResearchGroup.code == group_code)
    proposals = [
        ProposalRow(id, code, title, coupled, score, group)
        for id, code, title, coupled, score, group in session.execute(query)
    ]
    by_id = {proposal.id: proposal for proposal in proposals}
    shares = session.execute(
        select(ProposalShare.proposal_id, Country.code, ProposalShare.share)
        .join(Country, Country.id == ProposalShare.country_id)
        .join(Proposal, Proposal.id == ProposalShare.proposal_id)
        .where(Proposal.round_id == round_id)
        .order_by(ProposalShare.proposal_id, ProposalShare.position)
    )
    for proposal_id, country, share in shares:
        if proposal_id in by_id:
            by_id[proposal_id].countries[country] = share
    reviews = session.execute(
        select(Review.proposal_id, Review.score)
        .join(Proposal, Proposal.id == Review.proposal_id)
        .where(Proposal.round_id == round_id)
        .order_by(Review.proposal_id, Review.id)
    )
    for proposal_id, score in reviews:
        if proposal_id in by_id:
            by_id[proposal_id].review_scores.append(score)
    alternatives: defaultdict[int, list[str]] = defaultdict(list)
    for request_id, instrument in session.execute(
        select(RequestInstrument.request_id, Instrument.code)
        .join(Instrument, Instrument.id == RequestInstrument.instrument_id)
        .join(Request, Request.id == RequestInstrument.request_id)
        .where(Request.round_id == round_id)
        .order_by(RequestInstrument.request_id, RequestInstrument.position)
    ):
        alternatives[request_id].append(instrument)
    requests = session.execute(
        select(
            Request.id,
            Request.proposal_id,
            Request.code,
            Request.shifts,
            Request.min_shifts,
            Request.min_block,
            Request.release,
            Request.deadline,
            Request.unavailable,
        )
        .where(Request.round_id == round_id)
        .order_by(Request.proposal_id, Request.position)
    )
    for (
        request_id,
        proposal_id,
        code,
        shifts,
        min_shifts,
        min_block,
        release,
        deadline,
        gaps,
    ) in requests:
        if proposal_id not in by_id:  # another group's, when one group's were asked for
            continue
        by_id[proposal_id].requests.append(
            {
                "id": code,
                "instruments": alternatives[request_id],
                "shifts": shifts,
                "min_shifts": min_shifts,
                "min_block": min_block,
                "release": release,
                "deadline": deadline,
                "unavailable": [list(interval) for interval in gaps],
            }
        )
    return proposals
