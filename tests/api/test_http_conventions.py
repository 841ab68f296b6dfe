"""HTTP conventions: problem+json with field paths, ETag/If-Match, Idempotency-Key, size
limits, pagination and lifecycle conflicts."""

from __future__ import annotations

import json

from api.auth.principal import Role
from api.errors import ERROR_TYPES
from tests.api import factories
from tests.api.helpers import Api, Caller, problem


def _open_round(api: Api) -> tuple[Caller, Caller]:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.country(admin, "RU")
    coordinator = api.caller(Role.COORDINATOR, facilities=("FA",))
    factories.facility(coordinator, "FA", "RU", {"FA-1": 1})
    factories.round_(coordinator, "R1", ["FA"], state="open")
    return coordinator, api.caller(Role.PROPOSER, group="g1")


def test_validation_errors_list_every_field_with_its_path(api: Api) -> None:
    _, proposer = _open_round(api)
    body = problem(
        proposer.post(
            "/rounds/R1/proposals",
            json={"title": 5, "countries": {}, "requests": [{"instruments": [], "shifts": 0}]},
        ),
        422,
    )
    paths = {error["path"] for error in body["errors"]}
    assert {
        "body.title",
        "body.countries",
        "body.requests[0].instruments",
        "body.requests[0].shifts",
    } <= paths


def test_rules_of_the_format_are_reported_with_paths(api: Api) -> None:
    _, proposer = _open_round(api)
    body = problem(
        proposer.post(
            "/rounds/R1/proposals",
            json={
                "title": "t",
                "countries": {"KZ": 0.5, "XX": 0.3},
                "requests": [
                    {
                        "instruments": ["FA-1", "NOPE"],
                        "shifts": 4,
                        "min_shifts": 2,
                        "min_block": 3,
                        "deadline": 99,
                    }
                ],
            },
        ),
        422,
    )
    assert {e["path"] for e in body["errors"]} == {
        "body.countries.XX",
        "body.countries",
        "body.requests[0].instruments[1]",
        "body.requests[0].min_block",
        "body.requests[0].deadline",
    }


def test_edits_need_if_match_and_refuse_a_stale_one(api: Api) -> None:
    _, proposer = _open_round(api)
    created = proposer.post("/rounds/R1/proposals", json=factories.proposal_body(["FA-1"]))
    assert created.headers["ETag"] == '"1"'
    path = f"/rounds/R1/proposals/{created.json()['id']}"
    problem(proposer.patch(path, json={"title": "x"}), 428)
    changed = proposer.patch(path, json={"title": "x"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"'
    stale = problem(proposer.patch(path, json={"title": "y"}, headers={"If-Match": '"1"'}), 412)
    assert stale["type"] == "/problems/precondition-failed"
    requests_only = proposer.patch(
        path,
        json={"requests": [{"instruments": ["FA-1"], "shifts": 2}]},
        headers={"If-Match": '"2"'},
    )
    assert requests_only.headers["ETag"] == '"3"'
    assert proposer.get(path).headers["ETag"] == '"3"'


def test_an_idempotency_key_replays_or_refuses_another_body(api: Api) -> None:
    _, proposer = _open_round(api)
    key = {"Idempotency-Key": "k-1"}
    first = proposer.post(
        "/rounds/R1/proposals", json=factories.proposal_body(["FA-1"]), headers=key
    )
    again = proposer.post(
        "/rounds/R1/proposals", json=factories.proposal_body(["FA-1"]), headers=key
    )
    assert again.json() == first.json()
    other = proposer.post(
        "/rounds/R1/proposals", json=factories.proposal_body(["FA-1"], shifts=5), headers=key
    )
    assert problem(other, 422)["type"] == "/problems/idempotency-key-reused"
    assert proposer.ok("GET", "/rounds/R1/proposals")["total"] == 1


def test_oversize_bodies_are_refused_with_413(api: Api) -> None:
    _, proposer = _open_round(api)
    huge = json.dumps({"title": "x" * 2_000_000, "countries": {}, "requests": []})
    body = problem(
        proposer.post(
            "/rounds/R1/proposals", content=huge, headers={"Content-Type": "application/json"}
        ),
        413,
    )
    assert body["type"] == "/problems/payload-too-large"

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 65536

    streamed = api.client.post(
        "/rounds/R1/proposals",
        content=chunks(),
        headers={"Authorization": f"Bearer {proposer.token}", "Content-Type": "application/json"},
    )
    problem(streamed, 413)


def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    problem(admin.get("/nowhere"), 404)
    problem(admin.request("PUT", "/countries"), 405)


def test_lists_are_paginated(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    for code in ("AA", "BB", "CC", "DD", "EE"):
        factories.country(admin, code)
    page = admin.ok("GET", "/countries", params={"limit": 2, "offset": 2})
    assert [c["code"] for c in page["items"]] == ["CC", "DD"]
    assert page["total"] == 5
    assert page["next_offset"] == 4
    last = admin.ok("GET", "/countries", params={"limit": 2, "offset": 4})
    assert last["next_offset"] is None
    problem(admin.get("/countries", params={"limit": 0}), 422)


def test_the_lifecycle_refuses_what_a_state_does_not_allow(api: Api) -> None:
    coordinator, proposer = _open_round(api)
    conflict = problem(coordinator.post("/rounds/R1/transitions", json={"to": "published"}), 409)
    assert conflict["type"] == "/problems/lifecycle-conflict"
    created = factories.submit(proposer, "R1", factories.proposal_body(["FA-1"]))
    coordinator.ok("POST", "/rounds/R1/transitions", json={"to": "review"})
    late = proposer.patch(
        f"/rounds/R1/proposals/{created['id']}", json={"title": "late"}, headers={"If-Match": '"1"'}
    )
    assert problem(late, 409)["type"] == "/problems/lifecycle-conflict"
    problem(proposer.post("/rounds/R1/proposals", json=factories.proposal_body(["FA-1"])), 409)
    unscored = problem(coordinator.post("/rounds/R1/solve", json={}), 409)
    assert unscored["type"] == "/problems/round-inconsistent"
    assert unscored["errors"][0]["path"] == f"proposals[{created['id']}].score"


def test_a_coordinator_submits_for_a_named_group(api: Api) -> None:
    coordinator, _ = _open_round(api)
    body = {**factories.proposal_body(["FA-1"]), "group": "g1"}
    created = coordinator.ok("POST", "/rounds/R1/proposals", 201, json=body)
    assert created["group"] == "g1"


def test_importing_an_invalid_instance_lists_every_problem(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    document = factories.instance_document()
    document["proposals"][0]["requests"][0]["min_block"] = 9
    document["instruments"][0]["capacity"] = 0
    response = admin.post("/rounds/import", content=json.dumps(document))
    body = problem(response, 422)
    assert body["type"] == "/problems/invalid-document"
    paths = {error["path"] for error in body["errors"]}
    assert "instruments[0].capacity" in paths
    assert "proposals[0].requests[0].min_block" in paths
    problem(admin.post("/rounds/import", content=b"{not json"), 422)
    assert admin.ok("GET", "/rounds")["total"] == 0


def test_importing_a_replan_or_history_is_refused_not_ignored(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    document = factories.instance_document()
    document["replan"] = {"now": 0}
    document["policies"] = [
        {
            "type": "contribution_share",
            "id": "MEMBERS",
            "facilities": ["IMPF"],
            "shares": {"RU": 0.5, "KZ": 0.5},
            "history": {"RU": 10},
        }
    ]
    body = problem(admin.post("/rounds/import", content=json.dumps(document)), 422)
    paths = {error["path"] for error in body["errors"]}
    assert paths == {"replan", "policies[0].history"}
    assert admin.ok("GET", "/rounds")["total"] == 0


def test_an_imported_round_exports_the_same_instance(api: Api) -> None:
    from models.exchange import parse_instance

    admin = api.caller(Role.ADMIN)
    document = factories.instance_document()
    admin.ok(
        "POST", "/rounds/import", 201, content=json.dumps(document), params={"state": "review"}
    )
    exported = parse_instance(admin.get("/rounds/IMP-1/instance.json").content)
    assert exported == parse_instance(json.dumps(document))
    problem(admin.post("/rounds/import", content=json.dumps(document)), 409)


def test_a_solution_the_checker_rejects_is_not_accepted(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document()),
        params={"state": "review"},
    )
    bad = {
        "format": "beamtime-solution/1",
        "round": "IMP-1",
        "status": "feasible",
        "objective": 1.0,
        "assignments": [{"request": "P-2/a", "instrument": "IMPF-A", "blocks": [[0, 5]]}],
    }
    body = problem(admin.put("/rounds/IMP-1/allocation", content=json.dumps(bad)), 422)
    assert body["type"] == "/problems/solution-rejected"
    assert any(error["path"].startswith("assignments[0]") for error in body["errors"])
    assert admin.ok("GET", "/rounds/IMP-1")["state"] == "review"


def test_a_stale_allocation_cannot_be_accepted(api: Api) -> None:
    from api.jobs.runner import run_job
    from tests.api.conftest import app_settings

    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document()),
        params={"state": "review"},
    )
    job = admin.ok("POST", "/rounds/IMP-1/solve", 202, json={"method": "greedy"})
    run_job(api.database, app_settings(), job["id"])
    allocation = admin.ok("GET", f"/solves/{job['id']}")["allocation"]
    admin.ok(
        "PATCH", "/rounds/IMP-1/proposals/P-2", json={"score": 4.9}, headers={"If-Match": '"1"'}
    )
    stale = problem(admin.post(f"/rounds/IMP-1/allocations/{allocation}/accept"), 409)
    assert "changed" in stale["detail"]


def test_tokens_are_shown_once_and_revocable(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    created = admin.ok(
        "POST", "/auth/tokens", 201, json={"name": "n", "role": "reviewer", "rounds": ["R1"]}
    )
    assert created["token"].startswith("bt_")
    listed = admin.ok("GET", "/auth/tokens")
    assert all("token" not in item for item in listed["items"])
    assert created["token"] not in json.dumps(listed)
    reviewer = Caller(api.client, created["token"])
    assert reviewer.ok("GET", "/me")["rounds"] == ["R1"]
    admin.ok("DELETE", f"/auth/tokens/{created['id']}")
    problem(reviewer.get("/me"), 401)
    wrong = admin.post("/auth/tokens", json={"name": "n", "role": "proposer", "facilities": ["FA"]})
    assert {e["path"] for e in problem(wrong, 422)["errors"]} == {"facilities", "group"}


def test_problem_types_are_described(api: Api) -> None:
    described = {d["type"]: d for d in api.anonymous().ok("GET", "/problems")}
    assert set(described) == {f"/problems/{error.slug}" for error in ERROR_TYPES}
    assert described["/problems/capacity-exceeded"]["status"] == 409
    for problem_type in described.values():
        assert problem_type["description"]
        assert not problem_type["title"].endswith("Error"), problem_type  # for people
    not_found = api.anonymous().ok("GET", "/problems/not-found")
    assert not_found == described["/problems/not-found"]
    problem(api.anonymous().get("/problems/no-such-type"), 404)


def test_text_that_cannot_be_stored_is_refused_with_422(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    problem(admin.post("/countries", json={"code": "A\x00B"}), 422)
    problem(
        admin.post(
            "/countries",
            content=b'{"code": "\\ud800"}',
            headers={"Content-Type": "application/json"},
        ),
        422,
    )
    problem(admin.get("/countries/A%00B"), 422)
    problem(admin.get("/audit", params={"action": "a\x00"}), 422)
    named = admin.ok("POST", "/countries", 201, json={"code": "Q1", "name": "\\u0000"})
    assert named["name"] == "\\u0000"  # an escaped backslash, not a NUL
    slash = problem(admin.post("/countries", json={"code": "A/B"}), 422)
    assert slash["errors"][0]["message"].startswith("may not contain")


def test_an_instance_ending_after_the_year_9999_is_refused(api: Api) -> None:
    document = factories.instance_document()
    document["round"]["start"] = "9999-12-01T00:00:00Z"
    document["round"]["n_shifts"] = 1000
    body = problem(api.caller(Role.ADMIN).post("/rounds/import", content=json.dumps(document)), 422)
    assert body["errors"] == [
        {"path": "round.n_shifts", "message": "the round would end after the year 9999"}
    ]


def test_only_admins_add_research_groups_through_an_import(api: Api) -> None:
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    document = json.dumps(factories.instance_document("IMP-G"))
    refused = problem(
        coordinator.post("/rounds/import", params={"group": "brand-new"}, content=document), 422
    )
    assert {error["path"] for error in refused["errors"]} == {"query.group"}
    admin = api.caller(Role.ADMIN)
    problem(admin.get("/groups/brand-new"), 404)
    factories.group(admin, "brand-new")
    coordinator.ok("POST", "/rounds/import", 201, params={"group": "brand-new"}, content=document)
    imported = admin.ok("GET", "/rounds/IMP-G/proposals")
    assert imported["items"]
