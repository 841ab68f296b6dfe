"""Rounds at work beside the published example round, for the pages of every role: one
with its call open (proposers submit, edit, withdraw) and one in review (reviewers score),
both copies of `examples/small-demo.json`, and the tokens that work in them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from api.auth.principal import Principal, Role
from api.commandline import create_token, load_round
from api.db import Database
from api.proposals.schemas import ProposalCreate, RequestCreate
from api.proposals.service import ProposalService
from tests.api.ui.world import DEMO_GROUP, EXAMPLE, OTHER_GROUP, World

OPEN_ROUND = "2027-X-open"
REVIEW_ROUND = "2027-X-review"


@dataclass(frozen=True)
class RoundsAtWork:
    """A round open for proposals, one in review, and tokens for them."""

    open: str
    review: str
    other_proposal: str
    """The other group's proposal in the open round."""
    tokens: dict[str, str]


def add_rounds_at_work(database: Database, world: World) -> RoundsAtWork:
    """Load the open and the review round and issue their reviewers' tokens."""
    for code, state in ((OPEN_ROUND, "open"), (REVIEW_ROUND, "review")):
        document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        document["round"]["id"] = code
        load_round(database, json.dumps(document).encode(), group=DEMO_GROUP, state=state)
    tokens = {
        name: create_token(
            database, name=name, role=Role.REVIEWER, facilities=[], rounds=[code], group=None
        ).value
        for name, code in (("reviewer", REVIEW_ROUND), ("second reviewer", REVIEW_ROUND))
    }
    other = create_token(
        database,
        name="KZ submitter",
        role=Role.PROPOSER,
        facilities=[],
        rounds=[],
        group=OTHER_GROUP,
    )
    principal = Principal(other.id, "KZ submitter", Role.PROPOSER, group=OTHER_GROUP)
    with database.transaction() as session:
        view, _ = ProposalService(session, principal).submit(
            OPEN_ROUND,
            ProposalCreate(
                title="Dosimetry of a flight detector",
                countries={"KZ": 1.0},
                requests=[RequestCreate(instruments=["INP-DC60"], shifts=3)],
            ),
            None,
        )
    return RoundsAtWork(OPEN_ROUND, REVIEW_ROUND, view.id, {**world.tokens, **tokens})
