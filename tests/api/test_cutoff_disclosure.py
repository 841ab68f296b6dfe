"""What a proposer learns of the score that outranked it is the round's
`cutoff_disclosure`: by default (`hidden`) no other proposal's score appears in its
solution.json, decisions page, decisions CSV or group page; `grade` shows the cut-off
rounded down to a whole grade; `exact` the lowest awarded score."""

from __future__ import annotations

import pytest

from api.auth.principal import Role
from models.exchange import dump_document, parse_instance, parse_solution
from models.exchange.solution import OutrankedReason
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api import factories
from tests.api.helpers import Api, Caller
from tests.api.ui.visitors import Visitor

WINNER_SCORE = 4.7
LOSER_SCORE = 3.2


def _contested_round(api: Api, **round_settings: str) -> tuple[Caller, str]:
    """Two groups want all ten shifts of one instrument; g1 scores higher and wins."""
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"], n_shifts=10)
    if round_settings:
        admin.ok("PATCH", "/rounds/R1", json=round_settings, headers={"If-Match": '"1"'})
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "open"})
    for group, score in (("g1", WINNER_SCORE), ("g2", LOSER_SCORE)):
        proposer = api.caller(Role.PROPOSER, group=group)
        proposal = factories.submit(
            proposer, "R1", factories.proposal_body(["FA-1"], shifts=10, min_shifts=10)
        )
        admin.ok(
            "PATCH",
            f"/rounds/R1/proposals/{proposal['id']}",
            json={"score": score},
            headers={"If-Match": f'"{proposal["version"]}"'},
        )
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "review"})
    instance = parse_instance(admin.get("/rounds/R1/instance.json").content)
    solution = solve(instance, SolveParams(method="greedy"))
    admin.ok("PUT", "/rounds/R1/allocation", content=dump_document(solution))
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "published"})
    return admin, api.token(Role.PROPOSER, group="g2")


def _outranked_cutoff(loser: Caller) -> float:
    solution = parse_solution(loser.get("/rounds/R1/solution.json").content)
    (decision,) = solution.decisions
    (outranked,) = (r for r in decision.reasons if isinstance(r, OutrankedReason))
    return outranked.cutoff_score


def _everything_the_loser_reads(api: Api, token: str) -> str:
    loser = Caller(api.client, token)
    visitor = Visitor(api.client)
    api.client.cookies.clear()
    assert visitor.sign_in(token).status_code == 303
    texts = [
        loser.get("/rounds/R1/solution.json").text,
        loser.get("/rounds/R1/groups/g2/solution.json").text,
        visitor.get("/ui/rounds/R1/decisions").text,
        visitor.get("/ui/rounds/R1/decisions.csv").text,
        visitor.get("/ui/rounds/R1/group").text,
    ]
    return "\n".join(texts)


def test_by_default_a_proposer_learns_no_other_proposals_score(api: Api) -> None:
    admin, token = _contested_round(api)
    assert admin.ok("GET", "/rounds/R1")["cutoff_disclosure"] == "hidden"
    full = parse_solution(admin.get("/rounds/R1/solution.json").content)
    assert any(
        getattr(reason, "cutoff_score", None) == WINNER_SCORE
        for decision in full.decisions
        for reason in decision.reasons
    )  # the coordinators' document keeps the exact cut-off the checker verified
    assert _outranked_cutoff(Caller(api.client, token)) == LOSER_SCORE
    seen = _everything_the_loser_reads(api, token)
    assert "outranked" in seen
    assert str(WINNER_SCORE) not in seen


@pytest.mark.parametrize(("disclosure", "cutoff"), [("grade", 4.0), ("exact", WINNER_SCORE)])
def test_a_round_may_publish_its_cutoff(api: Api, disclosure: str, cutoff: float) -> None:
    _, token = _contested_round(api, cutoff_disclosure=disclosure)
    assert _outranked_cutoff(Caller(api.client, token)) == cutoff
    assert f"{cutoff:g}" in _everything_the_loser_reads(api, token)


def test_an_unknown_disclosure_is_refused(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"])
    refused = admin.patch(
        "/rounds/R1", json={"cutoff_disclosure": "everything"}, headers={"If-Match": '"1"'}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["path"] == "body.cutoff_disclosure"
