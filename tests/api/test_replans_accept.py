"""Accepting a re-plan: its candidate becomes the bookings, in one transaction, only while
the bookings are still the ones it revised."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api.auth.principal import Role
from api.jobs.runner import run_job
from models.orm import AuditEntry
from tests.api import operations_world as world
from tests.api import replan_helpers as rh
from tests.api.conftest import app_settings
from tests.api.helpers import Api, Caller, problem

# The published R-1 (greedy): P-1/a [0, 6] on IMPF-B, P-2/a [2, 5] on IMPF-A,
# P-3/a [0, 3] and P-3/b [5, 2] on IMPF-B.
MOVED = [
    ("P-1/a", "IMPF-B", 8, 4),  # P-1/a's booking moves here ...
    ("P-1/a", "IMPF-B", 14, 2),  # ... and this block is new
    ("P-2/a", "IMPF-A", 2, 5),  # kept
    ("P-3/a", "IMPF-B", 0, 3),  # kept; P-3/b is dropped
]


def _published(api: Api) -> tuple[Caller, dict[str, dict[str, Any]]]:
    runner = world.coordinator(api)
    booked = rh.published(runner)
    assert {(r, b["instrument"], b["start"], b["length"]) for r, b in booked.items()} == {
        ("P-1/a", "IMPF-B", 0, 6),
        ("P-2/a", "IMPF-A", 2, 5),
        ("P-3/a", "IMPF-B", 0, 3),
        ("P-3/b", "IMPF-B", 5, 2),
    }
    return runner, booked


def _by_id(api: Api) -> dict[str, Any]:
    return {b.id: b for b in rh.bookings(api.database)}


def test_accepting_makes_the_bookings_exactly_the_candidate(api: Api) -> None:
    runner, booked = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    accepted = runner.ok("POST", f"/replans/{job}/accept")
    assert (accepted["changed"], accepted["dropped"], len(accepted["new_bookings"])) == (1, 1, 1)
    assert rh.holding_blocks(api.database) == set(MOVED)
    after = _by_id(api)
    moved = after[booked["P-1/a"]["id"]]
    assert (moved.start, moved.length, moved.version) == (8, 4, booked["P-1/a"]["version"] + 1)
    for kept in ("P-2/a", "P-3/a"):
        assert after[booked[kept]["id"]].version == booked[kept]["version"]
    dropped = after[booked["P-3/b"]["id"]]
    assert dropped.status == "cancelled"
    shown = runner.ok("GET", f"/bookings/{dropped.id}")
    assert (shown["status"], shown["cancel_reason"]) == ("cancelled", f"dropped by re-plan {job}")
    (new_id,) = accepted["new_bookings"]
    assert (after[new_id].start, after[new_id].source, after[new_id].status) == (
        14,
        "replan",
        "awarded",
    )
    assert rh.counters_are_true(api.database)


def test_every_change_of_an_accept_is_audited_with_the_replan(api: Api) -> None:
    runner, booked = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    new_id = runner.ok("POST", f"/replans/{job}/accept")["new_bookings"][0]
    with api.database.transaction() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("booking.replan-%"))
        ).all()
        actions = {(e.action, e.resource_id): e.detail["replan"] for e in entries}
        accepted = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "replan.accept")
        ).all()
    assert actions == {
        ("booking.replan-moved", booked["P-1/a"]["id"]): job,
        ("booking.replan-drop", booked["P-3/b"]["id"]): job,
        ("booking.replan-create", new_id): job,
    }
    assert [e.resource_id for e in accepted] == [job]


def test_a_confirmed_booking_that_moves_asks_for_confirmation_again(api: Api) -> None:
    runner, booked = _published(api)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    for request in ("P-1/a", "P-2/a"):
        group.ok("POST", f"/bookings/{booked[request]['id']}/confirm")
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    accepted = runner.ok("POST", f"/replans/{job}/accept")
    assert accepted["asked_again"] == [booked["P-1/a"]["id"]]
    after = _by_id(api)
    assert after[booked["P-1/a"]["id"]].status == "awarded"
    assert after[booked["P-2/a"]["id"]].status == "confirmed"  # kept: still confirmed
    group.ok("POST", f"/bookings/{booked['P-1/a']['id']}/confirm")


def test_a_confirmed_booking_shortened_within_its_shifts_stays_confirmed(api: Api) -> None:
    runner, booked = _published(api)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-1/a']['id']}/confirm")
    blocks = [("P-1/a", "IMPF-B", 1, 5), *MOVED[2:], ("P-3/b", "IMPF-B", 5, 2)]
    job = rh.replan_with_candidate(runner, api.database, blocks)
    runner.ok("POST", f"/replans/{job}/accept")
    shortened = _by_id(api)[booked["P-1/a"]["id"]]
    assert (shortened.start, shortened.length, shortened.status) == (1, 5, "confirmed")


def test_a_candidate_whose_bookings_changed_since_it_started_is_refused(api: Api) -> None:
    runner, booked = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-2/a']['id']}/confirm")
    assert runner.ok("GET", f"/replans/{job}")["stale"] is True
    before = rh.holding_blocks(api.database)
    refused = problem(runner.post(f"/replans/{job}/accept"), 409)
    assert refused["type"] == "/problems/stale-replan"
    assert [e["path"] for e in refused["errors"]] == [f"bookings[{booked['P-2/a']['id']}]"]
    assert rh.holding_blocks(api.database) == before
    assert runner.ok("GET", f"/replans/{job}")["accepted_at"] is None


def test_an_outage_after_the_replan_started_makes_it_stale(api: Api) -> None:
    runner, booked = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    rh.outage_over(runner, booked["P-2/a"])
    assert problem(runner.post(f"/replans/{job}/accept"), 409)["type"] == "/problems/stale-replan"


def test_accepting_twice_is_refused(api: Api) -> None:
    runner, _ = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    runner.ok("POST", f"/replans/{job}/accept")
    after = rh.holding_blocks(api.database)
    again = problem(runner.post(f"/replans/{job}/accept"), 409)
    assert again["type"] == "/problems/lifecycle-conflict"
    assert "accepted" in again["detail"]
    assert rh.holding_blocks(api.database) == after
    assert runner.ok("GET", f"/replans/{job}")["accepted_by"] == "coordinator IMPF"


def test_a_second_replan_of_the_same_bookings_is_stale_once_one_is_accepted(api: Api) -> None:
    runner, _ = _published(api)
    first = rh.replan_with_candidate(runner, api.database, MOVED)
    second = rh.replan_with_candidate(runner, api.database, MOVED[2:])
    runner.ok("POST", f"/replans/{first}/accept")
    assert problem(runner.post(f"/replans/{second}/accept"), 409)["type"] == (
        "/problems/stale-replan"
    )


def test_a_replan_without_a_candidate_cannot_be_accepted(api: Api) -> None:
    runner, _ = _published(api)
    queued = runner.ok("POST", "/rounds/R-1/replans", 202, json=rh.REPLAN)["id"]
    assert problem(runner.post(f"/replans/{queued}/accept"), 409)["type"] == (
        "/problems/lifecycle-conflict"
    )


def test_only_the_rounds_coordinators_accept(api: Api) -> None:
    runner, _ = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    problem(group.post(f"/replans/{job}/accept"), 403)
    elsewhere = api.caller(Role.COORDINATOR, facilities=("OTHER",))
    problem(elsewhere.post(f"/replans/{job}/accept"), 404)
    problem(elsewhere.get(f"/replans/{job}"), 404)
    assert runner.ok("GET", f"/replans/{job}")["accepted_at"] is None


def test_a_group_reads_only_its_own_changes(api: Api) -> None:
    runner, _ = _published(api)
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    other = api.caller(Role.PROPOSER, group="g2")
    mine = group.ok("GET", f"/replans/{job}")
    assert {c["request"] for c in mine["changes"]} == {"P-1/a", "P-3/b"}
    assert (mine["agreements"], mine["value"], mine["stale"]) == ([], None, None)
    assert all("P-3" not in c["message"] for c in mine["changes"] if c["request"] == "P-1/a")
    theirs = other.ok("GET", f"/replans/{job}")
    assert (theirs["changes"], theirs["changes_per_group"], theirs["new"]) == ([], {}, 0)


def test_the_engines_candidate_accepted_gives_the_lost_time_back(api: Api) -> None:
    runner, booked = _published(api)
    rh.outage_over(runner, booked["P-1/a"])  # shift 0 of IMPF-B: P-1/a and P-3/a lose one
    job = runner.ok("POST", "/rounds/R-1/replans", 202, json=rh.REPLAN)["id"]
    assert run_job(api.database, app_settings(), job) == "succeeded"
    value = runner.ok("GET", f"/replans/{job}")["value"]
    # Both blocks touch lost time: no revision keeps them; IMPF-B has room for both again.
    assert (value["lost_shifts"], value["shifts_recovered"]) == (6 + 3, 6 + 3)
    assert value["value_recovered"] == 4.5 * 6 + 2.25 * 3
    runner.ok("POST", f"/replans/{job}/accept")
    held = rh.holding_blocks(api.database)
    assert sum(n for r, _, _, n in held if r == "P-1/a") == 6
    assert sum(n for r, _, _, n in held if r == "P-3/a") == 3
    assert not any(i == "IMPF-B" and s == 0 for _, i, s, _ in held)
    assert rh.counters_are_true(api.database)


def test_the_ledger_keeps_the_lost_shifts_of_bookings_a_replan_moved_or_dropped(api: Api) -> None:
    runner, booked = _published(api)
    runner.ok(
        "POST",
        "/agreements",
        201,
        json={
            "type": "contribution_share",
            "code": "IMPF-members",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["IMPF"],
            "shares": {"RU": 0.5, "KZ": 0.5},
        },
    )
    rh.outage_over(runner, booked["P-3/b"])  # shift 5 of IMPF-B: P-3/b's and P-1/a's
    job = rh.replan_with_candidate(runner, api.database, MOVED)  # P-1/a moves, P-3/b dropped
    runner.ok("POST", f"/replans/{job}/accept")
    (entry,) = runner.ok("GET", "/agreements/IMPF-members/ledger")["rounds"]
    russia = entry["sides"]["RU"]
    assert russia["lost"] == 1 + 0.5  # P-3 is Russian, P-1 half
    assert russia["cancelled"] == 1  # P-3/b's other shift
    assert russia["scheduled"] == 0.5 * (4 + 2) + 1 * 3
