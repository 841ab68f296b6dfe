"""End to end through HTTP: a round set up, submitted to, reviewed, solved, published, booked
and exported, on SQLite and on PostgreSQL, with the solve run by a real worker process."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import icalendar

from api.auth.principal import Role
from models.exchange import parse_instance, parse_solution
from scheduler.checking import check_solution
from tests.api import factories
from tests.api.helpers import Api, problem
from tests.api.waiting import wait_for_job

ROUND = "SCN-1"
START = datetime(2027, 2, 1, 8, tzinfo=UTC)


def test_a_round_from_setup_to_exported_bookings(live_api: Api) -> None:
    api = live_api
    admin = api.caller(Role.ADMIN, name="admin")
    for code, name in (("RU", "Russia"), ("KZ", "Kazakhstan"), ("BY", "Belarus")):
        factories.country(admin, code, name)

    # A coordinator sets up a facility with two instruments, a calendar and a round.
    coordinator = api.caller(Role.COORDINATOR, facilities=("NICA",), name="user office")
    factories.facility(coordinator, "NICA", "RU", {"NICA-A": 1, "NICA-B": 2})
    coordinator.ok(
        "POST",
        "/instruments/NICA-A/closed-periods",
        201,
        json={
            "starts_at": "2027-02-01T08:00:00Z",
            "ends_at": "2027-02-02T08:00:00Z",
            "reason": "machine development",
        },
    )
    factories.round_(coordinator, ROUND, ["NICA"], n_shifts=30)
    coordinator.ok(
        "POST",
        f"/rounds/{ROUND}/agreements",
        201,
        json={
            "type": "reciprocity",
            "code": "RU-KZ",
            "countries": ["RU", "KZ"],
            "tolerance": 30,
            "credit": {"RU": 4},
            "mode": "soft",
            "weight": 2,
        },
    )
    coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "open"})

    # Three groups submit; a retried submission with the same key creates nothing new.
    groups = {
        code: api.caller(Role.PROPOSER, group=code, name=code)
        for code in ("kz-sram", "ru-optics", "by-detectors")
    }
    bodies = {
        "kz-sram": factories.proposal_body(
            ["NICA-A", "NICA-B"],
            shifts=8,
            min_shifts=6,
            min_block=2,
            countries={"KZ": 0.7, "RU": 0.3},
            title="SEE in rad-hard SRAM",
        ),
        "ru-optics": factories.proposal_body(
            ["NICA-A"], shifts=10, title="Optics damage", countries={"RU": 1}
        ),
        "by-detectors": factories.proposal_body(
            ["NICA-B"], shifts=12, min_shifts=6, title="Detector ageing", countries={"BY": 1}
        ),
    }
    proposals = {}
    for group, body in bodies.items():
        key = {"Idempotency-Key": f"{group}-first"}
        first = groups[group].post(f"/rounds/{ROUND}/proposals", json=body, headers=key)
        assert first.status_code == 201, first.text
        again = groups[group].post(f"/rounds/{ROUND}/proposals", json=body, headers=key)
        assert again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["id"] == first.json()["id"]
        proposals[group] = first.json()
    listed = groups["kz-sram"].ok("GET", f"/rounds/{ROUND}/proposals")
    assert [p["id"] for p in listed["items"]] == [proposals["kz-sram"]["id"]]
    assert coordinator.ok("GET", f"/rounds/{ROUND}/proposals")["total"] == 3

    # Review: two reviewers, the score is the mean rounded to 4 decimals.
    coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "review"})
    reviewers = [api.caller(Role.REVIEWER, rounds=(ROUND,), name=f"reviewer {i}") for i in (1, 2)]
    scores = {"kz-sram": (4.5, 4.0), "ru-optics": (3.0, 3.5), "by-detectors": (2.0, 2.1)}
    for group, (first_score, second_score) in scores.items():
        path = f"/rounds/{ROUND}/proposals/{proposals[group]['id']}/reviews"
        reviewers[0].ok("POST", path, 201, json={"score": first_score})
        reviewers[1].ok("POST", path, 201, json={"score": second_score})
    scored = coordinator.ok("GET", f"/rounds/{ROUND}/proposals/{proposals['by-detectors']['id']}")
    assert scored["score"] == 2.05
    assert (
        reviewers[0].ok("GET", f"/rounds/{ROUND}/proposals/{proposals['by-detectors']['id']}")[
            "score"
        ]
        is None
    )

    # Solve in a worker process, accept, publish.
    started = coordinator.post(f"/rounds/{ROUND}/solve", json={"method": "cpsat", "time_limit": 10})
    assert started.status_code == 202, started.text
    job = wait_for_job(coordinator, started.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["solution_status"] in {"optimal", "feasible"}
    assert job["objective"] is not None
    assert job["allocation"] is not None
    coordinator.ok("POST", f"/rounds/{ROUND}/allocations/{job['allocation']}/accept")
    published = coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "published"})
    assert published["state"] == "published"

    # Groups confirm and decline; a decline frees the shifts for a manual booking.
    kz_bookings = groups["kz-sram"].ok("GET", f"/rounds/{ROUND}/bookings")["items"]
    assert kz_bookings
    assert {b["group"] for b in kz_bookings} == {"kz-sram"}
    for booking in kz_bookings:
        groups["kz-sram"].ok("POST", f"/bookings/{booking['id']}/confirm")
    ru_bookings = groups["ru-optics"].ok("GET", f"/rounds/{ROUND}/bookings")["items"]
    assert ru_bookings
    declined = groups["ru-optics"].ok("POST", f"/bookings/{ru_bookings[0]['id']}/decline")
    assert declined["status"] == "declined"
    problem(groups["ru-optics"].post(f"/bookings/{ru_bookings[0]['id']}/decline"), 409)
    problem(groups["ru-optics"].post(f"/bookings/{kz_bookings[0]['id']}/decline"), 404)
    slot = {
        "request": proposals["by-detectors"]["requests"][0]["id"],
        "instrument": declined["instrument"],
        "start": declined["start"],
        "length": declined["length"],
    }
    outside_terms = problem(coordinator.post(f"/rounds/{ROUND}/bookings", json=slot), 422)
    assert outside_terms["errors"], "the declined slot is outside the request's terms"
    reason = "the declined slot goes to the waiting list"
    rebooked = coordinator.ok(
        "POST", f"/rounds/{ROUND}/bookings", 201, json={**slot, "override": reason}
    )
    assert (rebooked["status"], rebooked["override_reason"]) == ("awarded", reason)

    # Exports: the ICS by an ICS parser, the JSON by the checker, the CSV by csv.
    ics = coordinator.get(f"/rounds/{ROUND}/schedule.ics")
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "\r\n" in ics.text
    calendar = icalendar.Calendar.from_ical(ics.content)
    every_event = [c for c in calendar.walk() if c.name == "VEVENT"]
    events = [e for e in every_event if str(e["STATUS"]) != "CANCELLED"]
    everything = coordinator.ok("GET", f"/rounds/{ROUND}/bookings", params={"limit": 500})
    holding = [b for b in everything["items"] if b["status"] in {"awarded", "confirmed"}]
    assert len(events) == len(holding)
    # Declined and cancelled bookings are sent cancelled, so that calendars remove them.
    withdrawn = {b["id"] for b in everything["items"]} - {b["id"] for b in holding}
    assert {str(e["UID"]) for e in every_event if str(e["STATUS"]) == "CANCELLED"} == {
        f"{booking}@beamtime" for booking in withdrawn
    }
    by_uid = {str(event["UID"]): event for event in events}
    for booking in holding:
        event = by_uid[f"{booking['id']}@beamtime"]
        assert event.decoded("DTSTART") == START + timedelta(hours=8 * booking["start"])
        assert event.decoded("DTEND") == START + timedelta(
            hours=8 * (booking["start"] + booking["length"])
        )

    instance = parse_instance(coordinator.get(f"/rounds/{ROUND}/instance.json").content)
    accepted = parse_solution(coordinator.get(f"/solves/{job['id']}/solution.json").content)
    report = check_solution(instance, accepted)
    assert report.valid, report.breaches
    # Once published, the round's document follows the bookings, not the allocation.
    published = parse_solution(coordinator.get(f"/rounds/{ROUND}/solution.json").content)
    booked = sorted(
        (a.request, a.instrument, start, length)
        for a in published.assignments
        for start, length in a.blocks
    )
    assert booked == sorted(
        (b["request"], b["instrument"], b["start"], b["length"]) for b in holding
    )
    declined_request = declined["request"]
    reasons = [r for d in published.decisions for r in d.reasons if r.request == declined_request]
    assert any(r.code == "booking" and "declined by the group" in r.message for r in reasons)
    assert instance.instruments[0].closed == ((0, 3),)

    rows = list(
        csv.DictReader(io.StringIO(coordinator.get(f"/rounds/{ROUND}/allocation.csv").text))
    )
    assert len(rows) == len(holding)
    group_ics = groups["kz-sram"].get(f"/rounds/{ROUND}/groups/kz-sram/schedule.ics")
    group_events = [
        c
        for c in icalendar.Calendar.from_ical(group_ics.content).walk()
        if c.name == "VEVENT" and str(c["STATUS"]) != "CANCELLED"
    ]
    assert len(group_events) == len(kz_bookings)
    problem(groups["kz-sram"].get(f"/rounds/{ROUND}/groups/ru-optics/schedule.ics"), 404)

    countries = coordinator.ok("GET", f"/rounds/{ROUND}/reports/countries")
    assert countries["source"] == "bookings"
    assert countries["reciprocity"][0]["policy"] == "RU-KZ"

    audit = admin.ok("GET", "/audit", params={"round": ROUND, "limit": 500})
    actions = {entry["action"] for entry in audit["items"]}
    assert {
        "round.create",
        "proposal.create",
        "review.create",
        "solve.start",
        "allocation.accept",
        "round.published",
        "booking.decline",
    } <= actions
