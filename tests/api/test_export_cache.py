"""Exports kept per allocation: computed once per state of the round's bookings, never
served after a booking changed (the fingerprint of the next read differs)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update

from api.auth.principal import Role
from api.db import Database
from api.exports.cache import ComputedExport, ExportKey, store_export
from models.orm import CachedExport
from tests.api import operations_world as world
from tests.api.helpers import Api, Caller

REPORT = "/rounds/R-1/reports/countries"
SOLUTION = "/rounds/R-1/solution.json"


def _published(api: Api) -> Caller:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)
    world.reciprocity(runner)
    world.publish(runner, "R-1")
    return runner


def _stored(database: Database) -> dict[str, str]:
    """The fingerprint of each stored export, by kind."""
    with database.read_transaction() as session:
        rows = session.execute(select(CachedExport.kind, CachedExport.fingerprint)).all()
    return {row.kind: row.fingerprint for row in rows}


def _tamper(database: Database, kind: str, body: str) -> None:
    """Replace a stored export's body, keeping its fingerprint."""
    with database.transaction() as session:
        session.execute(update(CachedExport).where(CachedExport.kind == kind).values(body=body))


def _largest_booking(runner: Caller) -> dict[str, Any]:
    items: list[dict[str, Any]] = runner.ok("GET", "/rounds/R-1/bookings")["items"]
    return max(items, key=lambda item: item["length"])


def _held(solution: dict[str, Any], request: str) -> int:
    """Shifts a solution document assigns to `request`."""
    return sum(
        length
        for assignment in solution["assignments"]
        if assignment["request"] == request
        for _, length in assignment["blocks"]
    )


def test_the_country_report_is_stored_after_the_first_read(api: Api) -> None:
    runner = _published(api)
    first = runner.ok("GET", REPORT)
    assert set(_stored(api.database)) == {"country-report"}
    assert runner.ok("GET", REPORT) == first


def test_a_stored_report_is_served_while_the_bookings_stay_as_they_were(api: Api) -> None:
    runner = _published(api)
    report = runner.ok("GET", REPORT)
    report["reciprocity"][0]["balance"] = 12345.0
    _tamper(api.database, "country-report", json.dumps(report))
    assert runner.ok("GET", REPORT)["reciprocity"][0]["balance"] == 12345.0


def test_a_cancelled_booking_shows_in_the_next_country_report(api: Api) -> None:
    runner = _published(api)
    before = runner.ok("GET", REPORT)
    stored_before = _stored(api.database)["country-report"]
    booking = _largest_booking(runner)
    runner.ok("POST", f"/bookings/{booking['id']}/cancel")
    after = runner.ok("GET", REPORT)
    received_before = sum(before["reciprocity"][0]["received"].values())
    received_after = sum(after["reciprocity"][0]["received"].values())
    assert received_after < received_before
    assert _stored(api.database)["country-report"] != stored_before


def test_a_cancelled_booking_shows_in_the_next_solution_document(api: Api) -> None:
    runner = _published(api)
    booking = _largest_booking(runner)
    before = runner.ok("GET", SOLUTION)
    assert any(a["request"] == booking["request"] for a in before["assignments"])
    runner.ok("POST", f"/bookings/{booking['id']}/cancel")
    after = runner.ok("GET", SOLUTION)
    proposal = booking["request"].split("/")[0]
    decision = next(d for d in after["decisions"] if d["proposal"] == proposal)
    assert any(reason["code"] == "booking" for reason in decision.get("reasons", []))
    assert _held(after, booking["request"]) == _held(before, booking["request"]) - booking["length"]


def test_a_stale_solution_document_is_never_served_after_a_booking_change(api: Api) -> None:
    runner = _published(api)
    runner.ok("GET", SOLUTION)
    (kind,) = [kind for kind in _stored(api.database) if kind.startswith("solution:")]
    _tamper(api.database, kind, '{"stale": true}')
    assert runner.ok("GET", SOLUTION) == {"stale": True}  # same bookings: the stored one
    runner.ok("POST", f"/bookings/{_largest_booking(runner)['id']}/cancel")
    assert "stale" not in runner.ok("GET", SOLUTION)


def test_a_groups_disclosed_solution_is_kept_apart_from_the_coordinators(api: Api) -> None:
    runner = _published(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    full = runner.ok("GET", SOLUTION)
    own = proposer.ok("GET", SOLUTION)
    kinds = set(_stored(api.database))
    assert len([kind for kind in kinds if kind.startswith("solution:")]) == 2
    assert runner.ok("GET", SOLUTION) == full
    assert proposer.ok("GET", SOLUTION) == own


def test_an_export_of_an_allocation_that_is_gone_is_simply_not_kept(api: Api) -> None:
    store_export(api.database, ComputedExport(ExportKey("no-such-allocation", "k", "f"), "{}"))
    assert _stored(api.database) == {}
