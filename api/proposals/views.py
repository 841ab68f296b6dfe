"""A proposal as one caller may see it."""

from __future__ import annotations

from api.auth.principal import Principal
from api.proposals.schemas import ProposalRead, RequestRead
from api.reviews.scoring import effective_score
from api.rounds.access import can_run
from api.rounds.states import RoundAction, states_allowing
from models.orm import Proposal, Request, Round

SCORE_VISIBLE_TO_GROUP = states_allowing(RoundAction.SHOW_PUBLISHED)


def request_read(request: Request) -> RequestRead:
    """A request's view (its alternatives loaded)."""
    return RequestRead(
        id=request.code,
        instruments=[alternative.instrument.code for alternative in request.alternatives],
        shifts=request.shifts,
        min_shifts=request.min_shifts,
        min_block=request.min_block,
        release=request.release,
        deadline=request.deadline,
        unavailable=[(start, end) for start, end in request.unavailable],
    )


def proposal_read(proposal: Proposal, round_: Round, viewer: Principal) -> ProposalRead:
    """The proposal as `viewer` may see it: scores only for the round's coordinators,
    and for the group itself once the round is published."""
    runs = can_run(viewer, round_)
    shows_score = runs or (
        viewer.owns_group(proposal.group.code) and round_.state in SCORE_VISIBLE_TO_GROUP
    )
    return ProposalRead(
        id=proposal.code,
        round=round_.code,
        group=proposal.group.code,
        title=proposal.title,
        countries={share.country.code: share.share for share in proposal.shares},
        coupled=proposal.coupled,
        requests=[request_read(request) for request in proposal.requests],
        score=effective_score(proposal) if shows_score else None,
        review_count=len(proposal.reviews) if runs else None,
        version=proposal.version,
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
    )
