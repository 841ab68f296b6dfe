"""Every write keeps the round a valid instance: the format's rules (`models.exchange.rules`)
refuse, with the field's path, what would make the round fail later with
`409 round-inconsistent`. Numbers in bodies are JSON numbers, as in the format."""

from __future__ import annotations

import json

import pytest

from api.auth.principal import Role
from models.exchange import parse_instance
from tests.api import factories
from tests.api.helpers import Api, Caller, problem


def _open_round(api: Api, n_shifts: int = 30) -> tuple[Caller, Caller]:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.country(admin, "RU")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"], n_shifts=n_shifts, state="open")
    return admin, api.caller(Role.PROPOSER, group="g1")


def _paths(response_body: dict[str, object]) -> set[str]:
    return {error["path"] for error in response_body["errors"]}  # type: ignore[index, attr-defined]


@pytest.mark.parametrize(
    ("request_fields", "path"),
    [
        ({"shifts": 4, "release": 10, "deadline": 12, "min_block": 3}, "body.requests[0].deadline"),
        ({"shifts": 31}, "body.requests[0].shifts"),
        ({"shifts": 4, "deadline": 31}, "body.requests[0].deadline"),
        ({"shifts": 4, "unavailable": [[5, 5]]}, "body.requests[0].unavailable[0]"),
        ({"shifts": 4, "min_shifts": 2, "min_block": 3}, "body.requests[0].min_block"),
    ],
)
def test_a_submitted_request_obeys_the_formats_request_rules(
    api: Api, request_fields: dict[str, object], path: str
) -> None:
    _, proposer = _open_round(api)
    body = {"title": "t", "countries": {"KZ": 1.0}, "requests": [{"instruments": ["FA-1"]}]}
    body["requests"][0].update(request_fields)  # type: ignore[index]
    refused = problem(proposer.post("/rounds/R1/proposals", json=body), 422)
    assert path in _paths(refused)


def test_shares_are_summed_exactly_and_carry_four_decimals(api: Api) -> None:
    _, proposer = _open_round(api)
    # 0.3333 + 0.6666 is within the format's ± 0.0001; 0.333 + 0.666 is not.
    almost = factories.proposal_body(["FA-1"], countries={"KZ": 0.333, "RU": 0.666})
    assert "body.countries" in _paths(
        problem(proposer.post("/rounds/R1/proposals", json=almost), 422)
    )
    fine = factories.proposal_body(["FA-1"], countries={"KZ": 0.33335, "RU": 0.66665})
    assert "body.countries.KZ" in _paths(
        problem(proposer.post("/rounds/R1/proposals", json=fine), 422)
    )
    exact = factories.proposal_body(["FA-1"], countries={"KZ": 0.1, "RU": 0.9})
    proposer.ok("POST", "/rounds/R1/proposals", 201, json=exact)


def test_an_explicit_score_has_at_most_four_decimals(api: Api) -> None:
    admin, proposer = _open_round(api)
    proposal = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"]))
    path = f"/rounds/R1/proposals/{proposal['id']}"
    refused = admin.patch(path, json={"score": 4.12345}, headers={"If-Match": '"1"'})
    assert _paths(problem(refused, 422)) == {"body.score"}
    admin.ok("PATCH", path, json={"score": 4.1234}, headers={"If-Match": '"1"'})


def test_a_review_score_has_at_most_four_decimals(api: Api) -> None:
    admin, proposer = _open_round(api)
    proposal = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"]))
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "review"})
    reviewer = api.caller(Role.REVIEWER, rounds=("R1",))
    refused = reviewer.post(f"/rounds/R1/proposals/{proposal['id']}/reviews", json={"score": 1e-5})
    assert _paths(problem(refused, 422)) == {"body.score"}


def test_an_agreement_obeys_the_formats_policy_rules(api: Api) -> None:
    admin, _ = _open_round(api)
    shares = {"code": "C", "type": "contribution_share", "facilities": ["FA"]}
    refused = admin.post(
        "/rounds/R1/agreements", json={**shares, "shares": {"KZ": 0.33335, "RU": 0.66665}}
    )
    assert "body.shares.KZ" in _paths(problem(refused, 422))
    refused = admin.post(
        "/rounds/R1/agreements",
        json={**shares, "shares": {"KZ": 0.5, "RU": 0.5}, "min_ratio": 2, "max_ratio": 1},
    )
    assert "body.max_ratio" in _paths(problem(refused, 422))
    reciprocity = {"code": "R", "type": "reciprocity", "countries": ["KZ", "KZ"]}
    assert "body.countries" in _paths(
        problem(admin.post("/rounds/R1/agreements", json=reciprocity), 422)
    )


def test_a_precedence_cycle_is_refused_whichever_edge_closes_it(api: Api) -> None:
    admin, proposer = _open_round(api)
    codes = []
    for _ in range(3):
        proposal = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"], shifts=2))
        codes.append(proposal["requests"][0]["id"])
    a, b, c = codes
    admin.ok("POST", "/rounds/R1/precedences", 201, json={"before": a, "after": b})
    admin.ok("POST", "/rounds/R1/precedences", 201, json={"before": c, "after": a})
    refused = problem(admin.post("/rounds/R1/precedences", json={"before": b, "after": c}), 422)
    assert _paths(refused) == {"body.after"}
    problem(admin.post("/rounds/R1/precedences", json={"before": a, "after": a}), 422)


def test_shortening_a_draft_round_may_not_break_its_imported_requests(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    document = factories.instance_document("IMP-D", n_shifts=20)
    admin.ok("POST", "/rounds/import", 201, params={"group": "g1"}, content=json.dumps(document))
    refused = admin.patch("/rounds/IMP-D", json={"n_shifts": 10}, headers={"If-Match": '"1"'})
    assert _paths(problem(refused, 422)) == {"body.n_shifts"}
    admin.ok("PATCH", "/rounds/IMP-D", json={"n_shifts": 25}, headers={"If-Match": '"1"'})
    assert parse_instance(admin.get("/rounds/IMP-D/instance.json").content).round.n_shifts == 25


def test_what_every_write_accepts_still_exports_as_a_valid_instance(api: Api) -> None:
    admin, proposer = _open_round(api, n_shifts=12)
    factories.submit(
        proposer,
        "R1",
        factories.proposal_body(
            ["FA-1"], shifts=4, min_shifts=2, min_block=2, release=8, deadline=12
        ),
    )
    proposal = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"], shifts=12))
    admin.ok(
        "PATCH",
        f"/rounds/R1/proposals/{proposal['id']}",
        json={"score": 3.1416},
        headers={"If-Match": '"1"'},
    )
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "review"})
    reviewer = api.caller(Role.REVIEWER, rounds=("R1",))
    for item in admin.ok("GET", "/rounds/R1/proposals")["items"]:
        if item["score"] is None:
            reviewer.ok(
                "POST", f"/rounds/R1/proposals/{item['id']}/reviews", 201, json={"score": 2.5}
            )
    instance = parse_instance(admin.get("/rounds/R1/instance.json").content)
    assert len(instance.proposals) == 2


@pytest.mark.parametrize("value", [True, "3", 3.0])
def test_integers_in_bodies_are_json_integers(api: Api, value: object) -> None:
    _, proposer = _open_round(api)
    body = factories.proposal_body(["FA-1"])
    body["requests"][0]["shifts"] = value
    refused = problem(proposer.post("/rounds/R1/proposals", json=body), 422)
    assert _paths(refused) == {"body.requests[0].shifts"}


@pytest.mark.parametrize("value", ["true", 1])
def test_flags_in_bodies_are_json_booleans(api: Api, value: object) -> None:
    _, proposer = _open_round(api)
    body = {**factories.proposal_body(["FA-1"]), "coupled": value}
    assert _paths(problem(proposer.post("/rounds/R1/proposals", json=body), 422)) == {
        "body.coupled"
    }
