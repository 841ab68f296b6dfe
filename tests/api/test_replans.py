"""Re-plans of a published round: a job solving the re-plan instance built from the
bookings, shown as a difference against them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.auth.principal import Role
from api.jobs.runner import run_job
from tests.api import operations_world as world
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller, problem

REPLAN = {"time_limit": 5, "workers": 1}


def _published_with_an_outage(api: Api) -> tuple[Caller, list[dict[str, Any]]]:
    """Round R-1 published, and an outage over the first shift of its longest booking;
    returns the bookings the outage hit."""
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.publish(runner, "R-1")
    bookings = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    hit: dict[str, Any] = max(bookings, key=lambda b: b["length"])
    starts = datetime.fromisoformat(hit["starts_at"])
    outage = runner.ok(
        "POST",
        "/rounds/R-1/outages",
        201,
        json={
            "instruments": [hit["instrument"]],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=8)).isoformat(),
            "cause": "magnet quench",
        },
    )
    hit_ids = {item["booking"] for item in outage["lost"]}
    return runner, [b for b in bookings if b["id"] in hit_ids]


def test_a_replan_job_is_queued_with_the_rounds_replan_instance(
    api: Api, jobs: RecordingBackend
) -> None:
    runner, _ = _published_with_an_outage(api)
    started = runner.ok("POST", "/rounds/R-1/replans", 202, json=REPLAN)
    assert started["status"] == "queued"
    assert started["now"] == 0  # the round has not begun
    assert jobs.submitted == [started["id"]]


def test_the_candidate_shows_the_block_the_outage_hit_as_changed_for_lost_time(
    api: Api, jobs: RecordingBackend
) -> None:
    runner, hit = _published_with_an_outage(api)
    started = runner.ok("POST", "/rounds/R-1/replans", 202, json=REPLAN)
    assert run_job(api.database, app_settings(), started["id"]) == "succeeded"
    replan = runner.ok("GET", f"/replans/{started['id']}")
    assert replan["status"] == "succeeded"
    lost_time = [c for c in replan["changes"] if c["cause"] == "lost-time"]
    assert sorted((c["request"], c["block"]) for c in lost_time) == sorted(
        (b["request"], [b["start"], b["length"]]) for b in hit
    )
    assert replan["changes_per_group"][world.GROUP] == len(replan["changes"])
    unchanged = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    assert {b["id"]: b["start"] for b in hit} == {
        b["id"]: b["start"] for b in unchanged if b["id"] in {h["id"] for h in hit}
    }  # nothing applied to the bookings


def test_a_replan_needs_a_published_round(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    problem(runner.post("/rounds/R-1/replans", json=REPLAN), 409)


def test_now_outside_the_round_is_refused_at_its_field(api: Api) -> None:
    runner, _ = _published_with_an_outage(api)
    response = runner.post("/rounds/R-1/replans", json={**REPLAN, "now": 999})
    assert problem(response, 422)["errors"][0]["path"] == "body.now"


def test_groups_do_not_start_replans_and_reviewers_do_not_read_them(api: Api) -> None:
    runner, _ = _published_with_an_outage(api)
    started = runner.ok("POST", "/rounds/R-1/replans", 202, json=REPLAN)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    problem(proposer.post("/rounds/R-1/replans", json=REPLAN), 403)
    assert proposer.ok("GET", f"/replans/{started['id']}")["changes"] == []
    reviewer = api.caller(Role.REVIEWER, rounds=("R-1",))
    problem(reviewer.get(f"/replans/{started['id']}"), 403)
