"""Two rounds in a row under one standing agreement: round 1 published, an outage and a
decline in it; round 2's instance then carries round 1's ledger as its credit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.auth.principal import Role
from tests.api import operations_world as world
from tests.api.helpers import Api

KZ_SHARE = {"P-1": 0.5, "P-2": 1.0, "P-3": 0.0}


def test_round_two_carries_what_round_one_really_gave(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    bookings: list[dict[str, Any]] = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    kazakh = sorted(
        (b for b in bookings if KZ_SHARE[b["proposal"]] > 0), key=lambda b: -b["length"]
    )
    hit, declined = kazakh[0], kazakh[-1]
    assert hit["id"] != declined["id"]
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
    lost = {item["booking"]: item["length"] for item in outage["lost"]}
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    proposer.ok("POST", f"/bookings/{declined['id']}/decline")

    world.imported_round(runner, "R-2", world.FUTURE_START.replace("2031", "2032"))
    credit = world.instance_policy(runner, "R-2", "RU-KZ")["credit"]

    def kz(booking: dict[str, Any]) -> float:
        return KZ_SHARE[booking["proposal"]]

    lost_kz = sum(kz(b) * lost.get(b["id"], 0) for b in bookings if b["id"] != declined["id"])
    received = sum(kz(b) * b["length"] for b in bookings if b["id"] != declined["id"]) - lost_kz
    assert credit == {"KZ": received, "RU": 5}
    ledger = runner.ok("GET", "/agreements/RU-KZ/ledger")
    assert [entry["round"] for entry in ledger["rounds"]] == ["R-1", "R-2"]
    first = ledger["rounds"][0]["sides"]["KZ"]
    assert first["lost"] == lost_kz
    assert first["declined"] == kz(declined) * declined["length"]
    assert first["scheduled"] == received
    assert ledger["rounds"][1]["carried_in"] == credit
