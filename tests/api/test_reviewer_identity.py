"""A review belongs to the token that wrote it: a second token with the same name is
another reviewer, who neither reads nor changes the first one's review."""

from __future__ import annotations

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, problem


def _proposal_in_review(api: Api) -> str:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"], state="open")
    proposer = api.caller(Role.PROPOSER, group="g1")
    proposal = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"]))
    admin.ok("POST", "/rounds/R1/transitions", json={"to": "review"})
    code: str = proposal["id"]
    return code


def test_a_token_with_the_same_name_is_another_reviewer(api: Api) -> None:
    code = _proposal_in_review(api)
    reviews = f"/rounds/R1/proposals/{code}/reviews"
    first = api.caller(Role.REVIEWER, rounds=("R1",), name="Dr. Ivanova")
    namesake = api.caller(Role.REVIEWER, rounds=("R1",), name="Dr. Ivanova")
    written = first.ok("POST", reviews, 201, json={"score": 4.0, "comment": "strong"})

    assert namesake.ok("GET", reviews)["items"] == []
    problem(namesake.get(f"{reviews}/{written['id']}"), 404)
    problem(
        namesake.patch(
            f"{reviews}/{written['id']}", json={"score": 1.0}, headers={"If-Match": '"1"'}
        ),
        404,
    )
    own = namesake.ok("POST", reviews, 201, json={"score": 2.0})
    assert own["id"] != written["id"]

    assert first.ok("GET", f"{reviews}/{written['id']}")["score"] == 4.0
    assert [r["id"] for r in first.ok("GET", reviews)["items"]] == [written["id"]]
    coordinator_view = api.caller(Role.ADMIN).ok("GET", reviews)["items"]
    assert sorted(r["score"] for r in coordinator_view) == [2.0, 4.0]


def test_one_review_per_reviewer_token(api: Api) -> None:
    code = _proposal_in_review(api)
    reviews = f"/rounds/R1/proposals/{code}/reviews"
    reviewer = api.caller(Role.REVIEWER, rounds=("R1",), name="Dr. Ivanova")
    reviewer.ok("POST", reviews, 201, json={"score": 4.0})
    refused = problem(reviewer.post(reviews, json={"score": 3.0}), 409)
    assert refused["type"] == "/problems/already-exists"
