"""A solve's snapshot of the round is taken by its worker, not by the request that queues it."""

from __future__ import annotations

import json

from api.auth.principal import Role
from api.jobs.runner import run_job
from models.exchange import parse_instance
from tests.api import factories
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller, problem


def _round_in_review(api: Api) -> Caller:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document()),
        params={"state": "review"},
    )
    return admin


def test_the_worker_solves_the_round_as_it_is_when_the_job_starts(api: Api) -> None:
    admin = _round_in_review(api)
    job = admin.ok("POST", "/rounds/IMP-1/solve", 202, json={"method": "greedy"})
    admin.ok(
        "PATCH", "/rounds/IMP-1/proposals/P-2", json={"score": 4.9}, headers={"If-Match": '"1"'}
    )
    assert run_job(api.database, app_settings(), job["id"]) == "succeeded"
    allocation = admin.ok("GET", f"/solves/{job['id']}")["allocation"]
    accepted = admin.ok("POST", f"/rounds/IMP-1/allocations/{allocation}/accept")
    assert accepted["id"] == allocation
    exported = parse_instance(admin.get("/rounds/IMP-1/instance.json").content)
    assert {p.id: p.score for p in exported.proposals}["P-2"] == 4.9


def test_a_round_that_cannot_be_exported_when_the_worker_starts_fails_the_job(api: Api) -> None:
    admin = _round_in_review(api)
    job = admin.ok("POST", "/rounds/IMP-1/solve", 202, json={"method": "greedy"})
    admin.ok(
        "PATCH", "/rounds/IMP-1/proposals/P-2", json={"score": None}, headers={"If-Match": '"1"'}
    )
    assert run_job(api.database, app_settings(), job["id"]) == "failed"
    failed = admin.ok("GET", f"/solves/{job['id']}")
    assert "proposals[P-2].score" in failed["error"]


def test_a_round_with_unscored_proposals_is_refused_at_once(api: Api) -> None:
    admin = _round_in_review(api)
    admin.ok(
        "PATCH", "/rounds/IMP-1/proposals/P-1", json={"score": None}, headers={"If-Match": '"1"'}
    )
    refused = problem(admin.post("/rounds/IMP-1/solve", json={"method": "greedy"}), 409)
    assert [error["path"] for error in refused["errors"]] == ["proposals[P-1].score"]
    assert admin.ok("GET", "/rounds/IMP-1/solves")["total"] == 0


def test_a_snapshot_written_differently_but_equal_in_content_is_still_accepted(api: Api) -> None:
    from sqlalchemy import select, update

    from models.orm import Allocation

    admin = _round_in_review(api)
    job = admin.ok("POST", "/rounds/IMP-1/solve", 202, json={"method": "greedy"})
    run_job(api.database, app_settings(), job["id"])
    allocation = admin.ok("GET", f"/solves/{job['id']}")["allocation"]
    with api.database.transaction() as session:
        snapshot = session.scalar(
            select(Allocation.instance_json).where(Allocation.id == allocation)
        )
        assert snapshot is not None
        document = json.loads(snapshot)
        assert document["proposals"][0]["requests"][0]["release"] == 0
        del document["proposals"][0]["requests"][0]["release"]  # the format's default
        session.execute(
            update(Allocation)
            .where(Allocation.id == allocation)
            .values(instance_json=json.dumps(document, sort_keys=True))
        )
    accepted = admin.ok("POST", f"/rounds/IMP-1/allocations/{allocation}/accept")
    assert (accepted["id"], accepted["state"]) == (allocation, "accepted")
    assert "awards" not in accepted
    awards = admin.ok("GET", f"/rounds/IMP-1/allocations/{allocation}")["awards"]
    assert awards
