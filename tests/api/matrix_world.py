"""The world the authorization matrix runs in: two facilities, rounds in every useful state,
two research groups, and one principal of each kind, own and other.

* `admin`;
* `coordinator` runs facility FA (and may create FNEW); `other_coordinator` runs FB;
* `reviewer` reviews the FA rounds; `other_reviewer` reviews the FB round;
* `proposer` is in group g1; `other_proposer` in group g2.

Group g1's titles carry `SECRET-G1` so that any leak to another group is easy to see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from api.auth.principal import Role
from api.db import Database
from api.jobs.runner import run_job
from tests.api import factories
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller

SECRET = "SECRET-G1"
PRINCIPALS = (
    "admin",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "other_reviewer",
    "proposer",
    "other_proposer",
    "anonymous",
)


@dataclass
class World:
    """Ids of everything the matrix refers to, and a caller per principal."""

    callers: dict[str, Caller]
    ids: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)


IN_PROCESS = app_settings(heartbeat_seconds=3600)
"""Settings for the world's solves run here: they share the test's one connection, so
no heartbeat thread may write on it while the main thread stores the result."""


def _proposal(caller: Caller, round_code: str, group: str, instrument: str) -> dict[str, Any]:
    title = f"{SECRET} beam study" if group == "g1" else "g2 beam study"
    return factories.submit(
        caller,
        round_code,
        factories.proposal_body(
            [instrument], shifts=2, title=title, countries={"RU": 0.5, "KZ": 0.5}
        ),
    )


def build_world(client: TestClient, database: Database) -> World:
    """Set the world up through the API (and the job runner, in-process)."""
    api = Api(client, database)
    callers = {
        "admin": api.caller(Role.ADMIN, name="admin"),
        "coordinator": api.caller(Role.COORDINATOR, facilities=("FA", "FNEW"), name="coord FA"),
        "other_coordinator": api.caller(Role.COORDINATOR, facilities=("FB",), name="coord FB"),
        "reviewer": api.caller(Role.REVIEWER, rounds=("RA-O", "RA-R", "RA-P"), name="rev A"),
        "other_reviewer": api.caller(Role.REVIEWER, rounds=("RB-O",), name="rev B"),
        "proposer": api.caller(Role.PROPOSER, group="g1", name="g1 proposer"),
        "other_proposer": api.caller(Role.PROPOSER, group="g2", name="g2 proposer"),
        "anonymous": api.anonymous(),
    }
    world = World(callers)
    admin, coordinator = callers["admin"], callers["coordinator"]
    factories.country(admin, "RU")
    factories.country(admin, "KZ")
    factories.group(admin, "imported")  # where coordinators' imports put their proposals
    factories.facility(coordinator, "FA", "RU", {"FA-1": 1, "FA-2": 1})
    factories.facility(callers["other_coordinator"], "FB", "KZ", {"FB-1": 1})
    period = coordinator.ok(
        "POST",
        "/instruments/FA-1/closed-periods",
        201,
        json={"starts_at": "2027-03-01T08:00:00Z", "ends_at": "2027-03-02T08:00:00Z"},
    )
    world.ids["period"] = str(period["id"])
    spare = admin.ok("POST", "/auth/tokens", 201, json={"name": "spare", "role": "admin"})
    world.ids["token"] = spare["id"]

    # An open round with one proposal of each group; another facility's open round.
    factories.round_(coordinator, "RA-O", ["FA"], state="open")
    factories.round_(callers["other_coordinator"], "RB-O", ["FB"], state="open")
    for group, caller in (("g1", callers["proposer"]), ("g2", callers["other_proposer"])):
        world.ids[f"open_{group}"] = _proposal(caller, "RA-O", group, "FA-1")["id"]

    # A standing agreement about FA alone, which every FA round takes.
    coordinator.ok(
        "POST",
        "/agreements",
        201,
        json={
            "type": "contribution_share",
            "code": "SA",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["FA"],
            "shares": {"RU": 0.5, "KZ": 0.5},
        },
    )
    # A round in review: proposals scored (one by review, one explicitly), an agreement,
    # a precedence, a queued job and a candidate allocation.
    factories.round_(coordinator, "RA-R", ["FA"], state="open")
    review_ids = {}
    for group, caller in (("g1", callers["proposer"]), ("g2", callers["other_proposer"])):
        created = _proposal(caller, "RA-R", group, "FA-2")
        world.ids[f"review_{group}"] = created["id"]
        review_ids[group] = created
    world.ids["review_g2b"] = _proposal(callers["other_proposer"], "RA-R", "g2", "FA-2")["id"]
    coordinator.ok("POST", "/rounds/RA-R/transitions", json={"to": "review"})
    coordinator.ok(
        "PATCH",
        f"/rounds/RA-R/proposals/{world.ids['review_g2b']}",
        json={"score": 1.5},
        headers={"If-Match": '"1"'},
    )
    review = callers["reviewer"].ok(
        "POST", f"/rounds/RA-R/proposals/{world.ids['review_g1']}/reviews", 201, json={"score": 4.0}
    )
    world.ids["review"] = str(review["id"])
    coordinator.ok(
        "PATCH",
        f"/rounds/RA-R/proposals/{world.ids['review_g2']}",
        json={"score": 3.0},
        headers={"If-Match": '"1"'},
    )
    coordinator.ok(
        "POST",
        "/rounds/RA-R/agreements",
        201,
        json={"type": "reciprocity", "code": "AG", "countries": ["RU", "KZ"], "tolerance": 10},
    )
    precedence = coordinator.ok(
        "POST",
        "/rounds/RA-R/precedences",
        201,
        json={
            "before": review_ids["g1"]["requests"][0]["id"],
            "after": review_ids["g2"]["requests"][0]["id"],
        },
    )
    world.ids["precedence"] = str(precedence["id"])
    world.ids["queued_job"] = coordinator.ok(
        "POST", "/rounds/RA-R/solve", 202, json={"method": "greedy"}
    )["id"]
    finished = coordinator.ok("POST", "/rounds/RA-R/solve", 202, json={"method": "greedy"})
    run_job(database, IN_PROCESS, finished["id"])
    world.ids["candidate"] = coordinator.ok("GET", f"/solves/{finished['id']}")["allocation"]
    world.ids["review_solution"] = coordinator.get(f"/solves/{finished['id']}/solution.json").text

    # A published round with bookings for both groups.
    factories.round_(coordinator, "RA-P", ["FA"], n_shifts=40, state="open")
    for group, caller in (("g1", callers["proposer"]), ("g2", callers["other_proposer"])):
        world.ids[f"pub_{group}"] = _proposal(caller, "RA-P", group, "FA-2")["id"]
    coordinator.ok("POST", "/rounds/RA-P/transitions", json={"to": "review"})
    for group in ("g1", "g2"):
        coordinator.ok(
            "PATCH",
            f"/rounds/RA-P/proposals/{world.ids[f'pub_{group}']}",
            json={"score": 2.0},
            headers={"If-Match": '"1"'},
        )
    job = coordinator.ok("POST", "/rounds/RA-P/solve", 202, json={"method": "greedy"})
    run_job(database, IN_PROCESS, job["id"])
    world.ids["pub_job"] = job["id"]
    allocation = coordinator.ok("GET", f"/solves/{job['id']}")["allocation"]
    coordinator.ok("POST", f"/rounds/RA-P/allocations/{allocation}/accept")
    coordinator.ok("POST", "/rounds/RA-P/transitions", json={"to": "published"})
    bookings = coordinator.ok("GET", "/rounds/RA-P/bookings")["items"]
    world.ids["booking"] = next(b["id"] for b in bookings if b["group"] == "g1")
    world.ids["pub_request"] = next(b["request"] for b in bookings if b["group"] == "g1")
    taken = {
        s
        for b in bookings
        if b["instrument"] == "FA-1"
        for s in range(b["start"], b["start"] + b["length"])
    }
    world.ids["free_shift"] = str(min(set(range(40)) - taken))
    world.ids["whatif"] = coordinator.ok("POST", "/rounds/RA-P/whatifs", 202, json={})["id"]
    world.ids["replan"] = coordinator.ok(
        "POST", "/rounds/RA-P/replans", 202, json={"time_limit": 1, "workers": 1}
    )["id"]

    for key, value in world.ids.items():
        if key.endswith("_g1"):
            world.secrets.add(value)
    world.secrets.add(world.ids["pub_request"])
    world.secrets.add(SECRET)
    return world


def import_document() -> str:
    """An instance for a new facility FNEW, in the coordinator's scope."""
    document = factories.instance_document("IMP-NEW")
    document["facilities"] = [{"id": "FNEW", "name": "new", "host_country": "RU"}]
    for instrument in document["instruments"]:
        instrument["facility"] = "FNEW"
        instrument["id"] = instrument["id"].replace("IMPF", "FNEW")
    for proposal in document["proposals"]:
        for request in proposal["requests"]:
            request["instruments"] = [i.replace("IMPF", "FNEW") for i in request["instruments"]]
    return json.dumps(document)
