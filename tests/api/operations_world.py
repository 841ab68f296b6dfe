"""Rounds across time for the tests of standing agreements, the ledger and outages: the
small imported instance (facility IMPF hosted by RU, proposals from KZ and RU) started at
a chosen time, solved, accepted and published."""

from __future__ import annotations

import json
from typing import Any

from api.auth.principal import Role
from models.exchange import dump_document, parse_instance
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api import factories
from tests.api.helpers import Api, Caller

GROUP = "g1"
FACILITY = "IMPF"
PAST_START = "2026-03-02T08:00:00Z"
"""A round wholly in the past (20 shifts of 8 hours): its bookings are delivered."""
FUTURE_START = "2031-02-03T08:00:00Z"
"""A round still to come: its bookings are scheduled."""


def coordinator(api: Api) -> Caller:
    """The coordinator of IMPF (the group `g1` created on first use)."""
    admin = api.caller(Role.ADMIN)
    if admin.get(f"/groups/{GROUP}").status_code == 404:
        factories.group(admin, GROUP)
    return api.caller(Role.COORDINATOR, facilities=(FACILITY,))


WAITING = [
    {
        "id": "P-4",
        "title": "Fourth",
        "score": 1.0,
        "countries": {"KZ": 1},
        "requests": [
            {
                "id": "P-4/a",
                "instruments": ["IMPF-A"],
                "shifts": 16,
                "min_shifts": 4,
                "min_block": 2,
            }
        ],
    },
    {
        "id": "P-5",
        "title": "Fifth",
        "score": 2.0,
        "countries": {"RU": 1},
        "requests": [{"id": "P-5/a", "instruments": ["IMPF-A"], "shifts": 4, "min_block": 4}],
    },
]
"""Proposals that fill IMPF-A once published (greedy: P-5/a [7, 4], P-4/a [11, 9], partial),
so that time freed there has takers."""


def imported_round(
    runner: Caller,
    code: str,
    start: str,
    *,
    state: str = "review",
    extra_proposals: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The small instance imported as round `code` from `start`, without its own policies
    (and with `extra_proposals`, e.g. `WAITING`)."""
    document = factories.instance_document(code)
    document["round"]["start"] = start
    document["policies"] = []
    document["proposals"] += extra_proposals or []
    body: dict[str, Any] = runner.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": state, "group": GROUP},
        content=json.dumps(document),
    )
    return body


def publish(runner: Caller, code: str) -> None:
    """Solve the round's instance (greedy), accept the solution and publish it."""
    instance = parse_instance(runner.get(f"/rounds/{code}/instance.json").content)
    solution = solve(instance, SolveParams(method="greedy"))
    runner.ok("PUT", f"/rounds/{code}/allocation", content=dump_document(solution))
    runner.ok("POST", f"/rounds/{code}/transitions", json={"to": "published"})


def reciprocity(runner: Caller, **overrides: Any) -> dict[str, Any]:
    """The standing RU-KZ reciprocity, in force from 2026 on."""
    body = {
        "type": "reciprocity",
        "code": "RU-KZ",
        "name": "Russia-Kazakhstan access",
        "in_force_from": "2026-01-01T00:00:00Z",
        "countries": ["RU", "KZ"],
        "tolerance": 30,
        "credit": {"RU": 5},
        "mode": "soft",
        "weight": 2.0,
        **overrides,
    }
    created: dict[str, Any] = runner.ok("POST", "/agreements", 201, json=body)
    return created


def instance_policy(runner: Caller, round_code: str, policy_id: str) -> dict[str, Any]:
    """The policy `policy_id` of the round's exported instance."""
    document = runner.ok("GET", f"/rounds/{round_code}/instance.json")
    policies = {policy["id"]: policy for policy in document["policies"]}
    found: dict[str, Any] = policies[policy_id]
    return found
