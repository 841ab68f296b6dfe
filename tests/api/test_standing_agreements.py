"""Standing agreements: objects of their own with a period in force, taken by every round
that starts in that period and concerns them, adjusted per round with a reason."""

from __future__ import annotations

from api.auth.principal import Role
from tests.api import operations_world as world
from tests.api.helpers import Api, problem


def test_an_agreement_is_created_read_and_listed(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    created = world.reciprocity(runner)
    assert created["terms"] == {
        "countries": ["RU", "KZ"],
        "ratio": 1.0,
        "tolerance": 30.0,
        "credit": {"RU": 5.0},
    }
    assert runner.ok("GET", "/agreements/RU-KZ")["in_force_until"] is None
    listed = runner.ok("GET", "/agreements")
    assert [item["code"] for item in listed["items"]] == ["RU-KZ"]


def test_a_round_takes_the_agreements_in_force_at_its_start(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner, in_force_until="2031-01-01T00:00:00Z")
    assert runner.ok("GET", "/rounds/R-1/standing-agreements") == []
    agreement = runner.ok("GET", "/agreements/RU-KZ")
    runner.ok(
        "PATCH",
        "/agreements/RU-KZ",
        json={"in_force_until": None},
        headers={"If-Match": f'"{agreement["version"]}"'},
    )
    taken = runner.ok("GET", "/rounds/R-1/standing-agreements")
    assert [item["code"] for item in taken] == ["RU-KZ"]
    policy = world.instance_policy(runner, "R-1", "RU-KZ")
    assert policy["tolerance"] == 30
    assert policy["credit"] == {"RU": 5}


def test_a_round_does_not_take_an_agreement_about_other_facilities(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    admin = api.caller(Role.ADMIN)
    admin.ok("POST", "/countries", 201, json={"code": "CN", "name": "China"})
    world.reciprocity(admin, code="CN-KZ", countries=["CN", "KZ"], credit={})
    assert runner.ok("GET", "/rounds/R-1/standing-agreements") == []
    assert runner.get("/agreements/CN-KZ").status_code == 404


def test_a_contribution_share_is_narrowed_to_the_rounds_facilities(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    runner.ok(
        "POST",
        "/agreements",
        201,
        json={
            "type": "contribution_share",
            "code": "IMPF-members",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["IMPF"],
            "shares": {"RU": 0.5, "KZ": 0.5},
            "min_ratio": 0.5,
            "history": {"KZ": 12},
        },
    )
    policy = world.instance_policy(runner, "R-1", "IMPF-members")
    assert policy["facilities"] == ["IMPF"]
    assert policy["history"] == {"KZ": 12}


def test_a_coordinator_adjusts_a_threshold_for_one_round_with_a_reason(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.imported_round(runner, "R-2", world.FUTURE_START.replace("2031", "2032"))
    world.reciprocity(runner)
    adjusted = runner.ok(
        "PUT",
        "/rounds/R-1/standing-agreements/RU-KZ/adjustment",
        json={"changes": {"tolerance": 60}, "reason": "a beamline in commissioning"},
    )
    assert adjusted["changes"] == {"tolerance": 60}
    assert adjusted["reason"] == "a beamline in commissioning"
    assert world.instance_policy(runner, "R-1", "RU-KZ")["tolerance"] == 60
    assert world.instance_policy(runner, "R-2", "RU-KZ")["tolerance"] == 30
    assert runner.ok("GET", "/agreements/RU-KZ")["terms"]["tolerance"] == 30
    audit = api.caller(Role.ADMIN).ok("GET", "/audit", params={"round": "R-1"})
    assert "agreement.adjust" in [entry["action"] for entry in audit["items"]]


def test_only_thresholds_are_adjusted(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    response = runner.put(
        "/rounds/R-1/standing-agreements/RU-KZ/adjustment",
        json={"changes": {"min_ratio": 0.5}, "reason": "wrong kind"},
    )
    body = problem(response, 422)
    assert body["errors"][0]["path"] == "body.changes.min_ratio"


def test_a_published_rounds_thresholds_are_fixed(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    response = runner.put(
        "/rounds/R-1/standing-agreements/RU-KZ/adjustment",
        json={"changes": {"tolerance": 60}, "reason": "too late"},
    )
    problem(response, 409)


def test_an_agreement_naming_an_unknown_country_is_refused_with_its_path(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    response = runner.post(
        "/agreements",
        json={
            "type": "contribution_share",
            "code": "X",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["IMPF", "NOWHERE"],
            "shares": {"RU": 0.7, "KZ": 0.2},
        },
    )
    fields = {error["path"] for error in problem(response, 422)["errors"]}
    assert fields == {"body.facilities[1]", "body.shares"}


def test_an_empty_period_is_refused(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    response = runner.post(
        "/agreements",
        json={
            "type": "reciprocity",
            "code": "RU-KZ",
            "in_force_from": "2026-01-01T00:00:00Z",
            "in_force_until": "2025-01-01T00:00:00Z",
            "countries": ["RU", "KZ"],
        },
    )
    assert problem(response, 422)["errors"][0]["path"] == "body.in_force_until"


def test_a_taken_code_is_a_conflict(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    response = runner.post(
        "/agreements",
        json={
            "type": "reciprocity",
            "code": "RU-KZ",
            "in_force_from": "2026-01-01T00:00:00Z",
            "countries": ["RU", "KZ"],
        },
    )
    problem(response, 409)


def test_proposers_see_no_agreements(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    problem(proposer.get("/agreements"), 403)


def test_an_unknown_country_is_refused_where_it_is_named(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    response = runner.post(
        "/agreements",
        json={
            "type": "reciprocity",
            "code": "RU-XX",
            "in_force_from": "2026-01-01T00:00:00Z",
            "countries": ["RU", "XX"],
            "credit": {"XX": 3},
        },
    )
    paths = {error["path"] for error in problem(response, 422)["errors"]}
    assert paths == {"body.countries[1]", "body.credit.XX"}
