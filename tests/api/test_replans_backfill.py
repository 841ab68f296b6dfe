"""Back-fill after declines: the same re-plan offers the freed shifts to the best rejected
or partially served proposals, keeps every booking it can, and never offers declined time
again."""

from __future__ import annotations

import json
from typing import Any

from api.auth.principal import Role
from api.jobs.runner import run_job
from models.orm import SolveJob
from tests.api import operations_world as world
from tests.api import replan_helpers as rh
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller

BACKFILL = {**rh.REPLAN, "mode": "backfill"}


def _published_with_waiting_proposals(api: Api) -> tuple[Caller, dict[str, dict[str, Any]]]:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START, extra_proposals=world.WAITING)
    world.publish(runner, "R-1")
    booked = {b["request"]: b for b in runner.ok("GET", "/rounds/R-1/bookings")["items"]}
    assert (booked["P-2/a"]["start"], booked["P-2/a"]["length"]) == (2, 5)
    assert booked["P-4/a"]["length"] < 16  # partially served
    return runner, booked


def _solved(api: Api, runner: Caller, body: dict[str, Any]) -> dict[str, Any]:
    job = runner.ok("POST", "/rounds/R-1/replans", 202, json=body)["id"]
    assert run_job(api.database, app_settings(), job) == "succeeded"
    replan: dict[str, Any] = runner.ok("GET", f"/replans/{job}")
    return replan


def _instance(api: Api, job_id: str) -> dict[str, Any]:
    with api.database.transaction() as session:
        job = session.get(SolveJob, job_id)
        assert job is not None
        assert job.instance_json is not None
        document: dict[str, Any] = json.loads(job.instance_json)
    return document


def test_a_backfill_gives_the_declined_shifts_to_the_partial_proposal_and_keeps_the_rest(
    api: Api,
) -> None:
    runner, booked = _published_with_waiting_proposals(api)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-2/a']['id']}/decline")
    before = rh.holding_blocks(api.database)
    replan = _solved(api, runner, BACKFILL)
    assert (replan["moved"], replan["shortened"], replan["dropped"]) == (0, 0, 0)
    assert replan["kept"] == len(before)
    runner.ok("POST", f"/replans/{replan['id']}/accept")
    after = rh.holding_blocks(api.database)
    added = after - before
    assert before <= after
    assert {request for request, *_ in added} == {"P-4/a"}
    assert {(i, s, n) for _, i, s, n in added} == {("IMPF-A", 2, 5)}  # the declined shifts
    assert replan["value"]["shifts_recovered"] == 5
    assert rh.counters_are_true(api.database)


def test_a_declined_proposal_is_never_offered_its_time_again(api: Api) -> None:
    runner, booked = _published_with_waiting_proposals(api)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-2/a']['id']}/decline")
    for body in (BACKFILL, rh.REPLAN):
        replan = _solved(api, runner, body)
        instance = _instance(api, replan["id"])
        assert "P-2" not in {proposal["id"] for proposal in instance["proposals"]}


def test_a_declined_request_of_a_proposal_still_booked_asks_for_no_more_time(api: Api) -> None:
    runner, booked = _published_with_waiting_proposals(api)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-3/b']['id']}/decline")  # IMPF-B has room for it
    replan = _solved(api, runner, BACKFILL)
    requests = {
        request["id"]
        for proposal in _instance(api, replan["id"])["proposals"]
        for request in proposal["requests"]
    }
    assert "P-3/a" in requests
    assert "P-3/b" not in requests
    runner.ok("POST", f"/replans/{replan['id']}/accept")
    assert not any(r == "P-3/b" for r, *_ in rh.holding_blocks(api.database))


def test_a_backfill_weighs_changes_above_anything_they_could_gain(api: Api) -> None:
    runner, booked = _published_with_waiting_proposals(api)
    api.caller(Role.PROPOSER, group=world.GROUP).ok(
        "POST", f"/bookings/{booked['P-2/a']['id']}/decline"
    )
    backfill = _solved(api, runner, BACKFILL)
    revise = _solved(api, runner, rh.REPLAN)
    # The round's whole award value (as exported, before the decline) plus one: no policies.
    value = 4.5 * 6 + 3.0 * 5 + 2.25 * 5 + 1.0 * 16 + 2.0 * 4
    assert backfill["mode"] == "backfill"
    assert backfill["change_weight"] == int(value) + 1
    assert (revise["mode"], revise["change_weight"]) == ("revise", 1.0)
    given = _solved(api, runner, {**BACKFILL, "change_weight": 3.0})
    assert given["change_weight"] == 3.0
