"""Rounds and variant documents for the what-if service tests."""

from __future__ import annotations

import json
import time
from typing import Any

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, Caller

ROUND = "IMP-1"


def imported_round(api: Api, round_code: str = ROUND) -> Caller:
    """The factories' small round (policy RU-KZ, soft) imported in review, its proposals in
    the default group `imported` (which an admin adds first); its coordinator."""
    admin = api.caller(Role.ADMIN)
    if admin.get("/groups/imported").status_code == 404:
        factories.group(admin, "imported")
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review"},
        content=json.dumps(factories.instance_document(round_code)),
    )
    return coordinator


def variant(variant_id: str, *edits: dict[str, Any]) -> dict[str, Any]:
    """A `beamtime-variant/1` document."""
    return {"format": "beamtime-variant/1", "id": variant_id, "edits": list(edits)}


THREE_VARIANTS = [
    variant("tight", {"policy": "RU-KZ", "tolerance": 0, "mode": "hard"}),
    variant("dropped", {"policy": "RU-KZ", "drop": True}),
    # RU owes KZ 400 shifts that this round cannot repay: no valid allocation.
    variant("owed", {"policy": "RU-KZ", "mode": "hard", "tolerance": 0, "credit": {"RU": 400}}),
]


def wait_for_whatif(caller: Caller, whatif_id: str, timeout: float = 180.0) -> dict[str, Any]:
    """Poll a study until every job has finished; fail the test after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        study: dict[str, Any] = caller.ok("GET", f"/whatifs/{whatif_id}")
        if study["finished"]:
            return study
        if time.monotonic() > deadline:
            raise AssertionError(f"what-if {whatif_id} unfinished after {timeout} s: {study}")
        time.sleep(0.2)
