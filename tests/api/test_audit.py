"""A proposal's history in the audit log, readable by its round's coordinators."""

from __future__ import annotations

import json

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, problem


def test_a_coordinator_reads_one_proposals_history_in_its_round(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document()),
        params={"state": "review"},
    )
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    for code, score in (("P-2", 4.9), ("P-1", 3.3)):
        coordinator.ok(
            "PATCH",
            f"/rounds/IMP-1/proposals/{code}",
            json={"score": score},
            headers={"If-Match": '"1"'},
        )
    history = coordinator.ok("GET", "/audit", params={"round": "IMP-1", "proposal": "P-2"})
    assert [(e["action"], e["proposal_code"]) for e in history["items"]] == [
        ("proposal.update", "P-2")
    ]
    assert history["total"] == 1
    problem(coordinator.get("/audit"), 403)  # the whole log is the admins'
    problem(
        api.caller(Role.PROPOSER, group="imported").get("/audit", params={"round": "IMP-1"}), 403
    )
    outsider = api.caller(Role.COORDINATOR, facilities=("ELSEWHERE",))
    assert outsider.get("/audit", params={"round": "IMP-1"}).status_code in (403, 404)
    everything = admin.ok("GET", "/audit", params={"proposal": "P-1"})
    assert [e["action"] for e in everything["items"]] == ["proposal.update"]
