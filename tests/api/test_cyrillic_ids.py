"""Ids in any script, end to end: a round whose every id is Cyrillic is imported, solved,
published, exported in every form and shown on every page. Ids travel percent-encoded in
`Location` (RFC 3986) and as `filename*` in `Content-Disposition` (RFC 6266). Control
characters and bidirectional marks are refused with a 422 naming the field."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote, unquote

import httpx
import icalendar
import pytest

from api.auth.principal import Role
from models.exchange import dump_document, parse_instance, parse_solution
from scheduler.checking import check_solution
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api import factories
from tests.api.helpers import Api, Caller, problem
from tests.api.ui.visitors import Visitor
from tests.api.waiting import wait_for_job

ROUND = "Раунд-1"
FACILITY = "ИЯФ"
INSTRUMENT = "ИЯФ-Б"
GROUP = "группа-1"
RENAMES = {
    "IMP-1": ROUND,
    "IMPF-A": "ИЯФ-А",
    "IMPF-B": INSTRUMENT,
    "IMPF": FACILITY,
    "P-": "П-",
    "RU": "РФ",
    "KZ": "КЗ",
}


def _cyrillic_instance() -> dict[str, object]:
    text = json.dumps(factories.instance_document("IMP-1"), ensure_ascii=False)
    for latin, cyrillic in RENAMES.items():
        text = text.replace(latin, cyrillic)
    document: dict[str, object] = json.loads(text)
    return document


def _published(api: Api) -> Caller:
    factories.group(api.caller(Role.ADMIN), GROUP)
    coordinator = api.caller(Role.COORDINATOR, facilities=(FACILITY,))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review", "group": GROUP},
        content=json.dumps(_cyrillic_instance(), ensure_ascii=False).encode("utf-8"),
    )
    instance = parse_instance(coordinator.get(f"/rounds/{ROUND}/instance.json").content)
    assert instance.round.id == ROUND
    solution = solve(instance, SolveParams(method="greedy"))
    coordinator.ok("PUT", f"/rounds/{ROUND}/allocation", content=dump_document(solution))
    coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "published"})
    return coordinator


def _download_name(response: httpx.Response) -> str:
    """The exact file name a download offers (its RFC 6266 `filename*`)."""
    disposition = response.headers["content-disposition"]
    assert disposition.isascii(), disposition
    assert "filename*=UTF-8''" in disposition, disposition
    return unquote(disposition.split("filename*=UTF-8''")[1])


def test_a_cyrillic_round_is_imported_solved_published_and_exported(api: Api) -> None:
    coordinator = _published(api)
    instance_download = coordinator.get(f"/rounds/{ROUND}/instance.json")
    assert _download_name(instance_download) == f"{ROUND}.json"

    solution_text = coordinator.get(f"/rounds/{ROUND}/solution.json").content
    solution = parse_solution(solution_text)
    instance = parse_instance(instance_download.content)
    report = check_solution(instance, solution)
    assert report.valid, report.breaches
    awarded = {a.request for a in solution.assignments}
    assert awarded
    assert all(code.startswith("П-") for code in awarded)

    for prefix in ("", f"/instruments/{INSTRUMENT}", f"/groups/{GROUP}"):
        base = f"/rounds/{ROUND}{prefix}"
        assert coordinator.get(f"{base}/solution.json").status_code == 200
        table = coordinator.get(f"{base}/allocation.csv")
        assert table.status_code == 200, table.text
        assert _download_name(table).startswith(ROUND)
        rows = list(csv.DictReader(io.StringIO(table.text)))
        assert rows
        assert {row["round"] for row in rows} == {ROUND}
        calendar = coordinator.get(f"{base}/schedule.ics")
        assert calendar.status_code == 200, calendar.text
        assert _download_name(calendar).startswith(ROUND)
        events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
        assert events
    report = coordinator.ok("GET", f"/rounds/{ROUND}/reports/countries")
    assert ROUND in json.dumps(report, ensure_ascii=False)


def test_a_cyrillic_round_is_solved_by_a_worker_and_its_bookings_confirmed(
    live_api: Api,
) -> None:
    """The service's own solve path: a job in a worker process, accepted, published."""
    factories.group(live_api.caller(Role.ADMIN), GROUP)
    coordinator = live_api.caller(Role.COORDINATOR, facilities=(FACILITY,))
    coordinator.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review", "group": GROUP},
        content=json.dumps(_cyrillic_instance(), ensure_ascii=False).encode("utf-8"),
    )
    started = coordinator.post(f"/rounds/{ROUND}/solve", json={"method": "cpsat", "time_limit": 5})
    assert started.status_code == 202, started.text
    assert started.headers["location"] == f"/solves/{started.json()['id']}"
    job = wait_for_job(coordinator, started.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["round"] == ROUND
    coordinator.ok("POST", f"/rounds/{quote(ROUND)}/allocations/{job['allocation']}/accept")
    coordinator.ok("POST", f"/rounds/{ROUND}/transitions", json={"to": "published"})
    group = live_api.caller(Role.PROPOSER, group=GROUP)
    bookings = group.ok("GET", f"/rounds/{ROUND}/bookings")["items"]
    assert bookings
    confirmed = group.ok("POST", f"/bookings/{bookings[0]['id']}/confirm")
    assert confirmed["status"] == "confirmed"
    assert confirmed["round"] == ROUND
    calendar = group.get(f"/rounds/{ROUND}/groups/{GROUP}/schedule.ics")
    assert "CONFIRMED" in calendar.text
    assert _download_name(calendar) == f"{ROUND}-{GROUP}.ics"


def test_every_page_of_a_cyrillic_round_opens(api: Api) -> None:
    coordinator = _published(api)
    proposer_token = api.token(Role.PROPOSER, group=GROUP)
    staff = Visitor(api.client)
    assert staff.sign_in(coordinator.token or "").status_code == 303
    for page in ("", "/schedule", "/balances", "/decisions", "/solves"):
        response = staff.get(f"/ui/rounds/{ROUND}{page}")
        assert response.status_code == 200, (page, response.text[:300])
        assert ROUND in response.text
    decisions = staff.get(f"/ui/rounds/{ROUND}/decisions.csv")
    assert decisions.status_code == 200
    assert _download_name(decisions) == f"{ROUND}-decisions.csv"
    staff.post("/ui/sign-out", {})
    group = Visitor(api.client)
    group.client.cookies.clear()
    assert group.sign_in(proposer_token).status_code == 303
    assert "П-1" in group.get(f"/ui/rounds/{ROUND}/group").text
    calendar = group.get(f"/ui/rounds/{ROUND}/group/schedule.ics")
    assert calendar.status_code == 200
    assert _download_name(calendar).startswith(ROUND)


def test_a_submission_to_a_cyrillic_round_answers_a_percent_encoded_location(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "КЗ")
    factories.facility(admin, FACILITY, "КЗ", {INSTRUMENT: 1})
    factories.round_(admin, ROUND, [FACILITY], state="open")
    proposer = api.caller(Role.PROPOSER, group=GROUP)
    submitted = proposer.post(
        f"/rounds/{ROUND}/proposals",
        json=factories.proposal_body([INSTRUMENT], countries={"КЗ": 1.0}),
    )
    assert submitted.status_code == 201, submitted.text
    location = submitted.headers["location"]
    assert location.isascii()
    assert location == f"/rounds/{quote(ROUND)}/proposals/{quote(submitted.json()['id'])}"
    assert proposer.get(unquote(location)).json()["id"] == submitted.json()["id"]


@pytest.mark.parametrize("bad_id", ["R\nX", "R\x07X", "A\u202eB", "A\u2066B", "A\u200fB"])
def test_ids_with_control_or_bidirectional_characters_are_refused(api: Api, bad_id: str) -> None:
    admin = api.caller(Role.ADMIN)
    refused = problem(admin.post("/countries", json={"code": bad_id}), 422)
    assert {error["path"] for error in refused["errors"]} == {"body.code"}

    document = factories.instance_document(bad_id)
    document["proposals"][0]["requests"][0]["id"] = f"P-1/{bad_id}"  # type: ignore[index]
    document["precedences"] = []
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    refused = problem(
        coordinator.post("/rounds/import", params={"group": "g1"}, content=json.dumps(document)),
        422,
    )
    assert {error["path"] for error in refused["errors"]} >= {
        "round.id",
        "proposals[0].requests[0].id",
    }


@pytest.mark.parametrize("good_id", ["Раунд-1", "R😀", "Қазақстан", "日本"])
def test_ids_in_any_script_are_accepted(api: Api, good_id: str) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok("POST", "/countries", 201, json={"code": good_id})
    assert admin.ok("GET", f"/countries/{good_id}")["code"] == good_id


def test_idempotency_keys_with_control_characters_are_refused(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.facility(admin, "FA", "KZ", {"FA-1": 1})
    factories.round_(admin, "R1", ["FA"], state="open")
    proposer = api.caller(Role.PROPOSER, group="g1")
    refused = proposer.post(
        "/rounds/R1/proposals",
        json=factories.proposal_body(["FA-1"]),
        headers={"Idempotency-Key": "key\tone"},
    )
    problem(refused, 422)
