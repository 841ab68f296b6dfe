"""Standing agreements across two rounds for the page tests: an earlier round, wholly in
the past, on a facility hosted by RU (`tests.api.operations_world`), before the published
example round; a RU-KZ reciprocity and a contribution share over both."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api import factories
from tests.api import operations_world as operations
from tests.api.helpers import Caller
from tests.api.ui.world import World

EARLIER_ROUND = "2026-I-past"
RECIPROCITY = "RU-KZ-standing"
CONTRIBUTION = "JINR-standing"


def admin_of(client: TestClient, world: World) -> Caller:
    """The world's admin as an API caller."""
    return Caller(client, world.tokens["admin"])


def two_rounds_with_agreements(client: TestClient, world: World) -> Caller:
    """The agreements, and the earlier round imported, solved and published."""
    admin = admin_of(client, world)
    if admin.get(f"/groups/{operations.GROUP}").status_code == 404:
        factories.group(admin, operations.GROUP)
    operations.imported_round(admin, EARLIER_ROUND, operations.PAST_START)
    operations.reciprocity(
        admin, code=RECIPROCITY, name="Russia-Kazakhstan access", credit={"RU": 5}
    )
    contribution: dict[str, Any] = {
        "type": "contribution_share",
        "code": CONTRIBUTION,
        "name": "JINR members' return",
        "in_force_from": "2026-01-01T00:00:00Z",
        "facilities": ["NICA", "IBR-2", operations.FACILITY],
        "shares": {"RU": 0.7, "KZ": 0.3},
        "history": {"RU": 10, "KZ": 2},
        "mode": "soft",
    }
    admin.ok("POST", "/agreements", 201, json=contribution)
    operations.publish(admin, EARLIER_ROUND)
    return admin
