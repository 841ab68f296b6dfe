"""A re-plan from the pages: started by the form, followed as a job, and its difference
drawn as two Gantt charts with each changed block marked, the same difference as
`GET /replans/{id}`, and accepted from its page; the roles are the API's."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.db import Database
from api.jobs.runner import run_job
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings
from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.world import World


def _admin(client: TestClient, world: World, method: str, path: str, **kwargs: Any) -> Any:
    response = client.request(
        method, path, headers={"Authorization": f"Bearer {world.tokens['admin']}"}, **kwargs
    )
    assert response.status_code < 300, response.text
    return response.json()


def _outage_over_the_longest_booking(client: TestClient, world: World) -> None:
    bookings = _admin(client, world, "GET", f"/rounds/{world.round}/bookings?limit=500")["items"]
    hit = max(bookings, key=lambda b: b["length"])
    starts = datetime.fromisoformat(hit["starts_at"])
    _admin(
        client,
        world,
        "POST",
        f"/rounds/{world.round}/outages",
        json={
            "instruments": [hit["instrument"]],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=16)).isoformat(),
            "cause": "magnet quench",
        },
    )


def _start_from_the_page(visitor: Visitor, world: World, **fields: str) -> Any:
    form = visitor.get(f"/ui/rounds/{world.round}/replans")
    assert form.status_code == 200
    values = {"time_limit": "5", "workers": "1", "now": "", "change_weight": ""} | fields
    return visitor.post(
        f"/ui/rounds/{world.round}/replans", {"csrf_token": csrf_of(form.text), **values}
    )


@pytest.fixture
def database(published: tuple[World, Database]) -> Database:
    """The page tests' database."""
    return published[1]


def _run(database: Database, job_id: str) -> str:
    """Run the job here; its heartbeat never beats during the short solve, since the page
    tests' database is one connection, which a second thread must not share."""
    settings = app_settings(heartbeat_seconds=3600, stale_after_seconds=7201)
    return run_job(database, settings, job_id)


def test_the_form_starts_a_replan_job_and_the_page_follows_it(
    client: TestClient, visitor: Visitor, world: World, jobs: RecordingBackend
) -> None:
    _outage_over_the_longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    started = _start_from_the_page(visitor, world)
    assert started.status_code == 303
    job_id = started.headers["location"].removeprefix("/ui/replans/")
    assert jobs.submitted == [job_id]
    page = visitor.get(f"/ui/replans/{job_id}")
    assert page.status_code == 200
    assert 'data-status="queued" data-finished="false"' in page.text
    assert f'data-live-src="/ui/replans/{job_id}/live"' in page.text
    assert job_id in visitor.get(f"/ui/rounds/{world.round}/replans").text


def test_the_difference_marks_every_change_the_api_reports(
    client: TestClient, visitor: Visitor, world: World, database: Database
) -> None:
    _outage_over_the_longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    job_id = _start_from_the_page(visitor, world).headers["location"].rsplit("/", 1)[1]
    assert _run(database, job_id) == "succeeded"
    replan = _admin(client, world, "GET", f"/replans/{job_id}")
    assert replan["changes"], "the outage should change the block it hit"
    page = visitor.get(f"/ui/replans/{job_id}?all_instruments=true").text
    before, after = page.split('class="gantt replan-gantt replan-after"')
    before = before.split("replan-before", 1)[1]
    marked_before = Counter(re.findall(r'data-change="([a-z]+)">', before))
    expected_before = Counter(
        "lost" if c["cause"] == "lost-time" else c["change"] for c in replan["changes"]
    )
    assert marked_before == expected_before
    after = after.split("</figure>", 1)[0]
    replacing = {(c["request"], *block) for c in replan["changes"] for block in c["to"]}
    marked_after = Counter(re.findall(r'data-change="([a-z]+)">', after))
    replaced = marked_after["moved"] + marked_after["shortened"]
    assert 0 < replaced <= len(replacing)  # a block the change names may be kept elsewhere
    assert replaced + marked_after["new"] == replan["new"]  # now = 0: every block is drawn
    assert f'data-count-kept="{replan["kept"]}"' in page
    per_group = dict(re.findall(r'<tr data-group="([^"]+)" data-changed="(\d+)">', page))
    assert {g: int(n) for g, n in per_group.items() if int(n)} == replan["changes_per_group"]


def test_the_accept_form_applies_the_difference_once(
    client: TestClient, visitor: Visitor, world: World, database: Database
) -> None:
    _outage_over_the_longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    job_id = _start_from_the_page(visitor, world).headers["location"].rsplit("/", 1)[1]
    assert _run(database, job_id) == "succeeded"
    shown = visitor.get(f"/ui/replans/{job_id}")
    assert "Accept the re-plan" in shown.text

    accepted = visitor.post(f"/ui/replans/{job_id}/accept", {"csrf_token": csrf_of(shown.text)})

    assert accepted.status_code == 303
    after = visitor.get(accepted.headers["location"])
    assert "The re-plan is applied to the bookings" in after.text
    assert "Accept the re-plan" not in after.text
    replan = _admin(client, world, "GET", f"/replans/{job_id}")
    assert replan["accepted_by"] is not None
    again = visitor.post(f"/ui/replans/{job_id}/accept", {"csrf_token": csrf_of(after.text)})
    assert again.status_code == 409


def test_accepting_needs_the_pages_csrf_token(
    client: TestClient, visitor: Visitor, world: World, database: Database
) -> None:
    _outage_over_the_longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    job_id = _start_from_the_page(visitor, world).headers["location"].rsplit("/", 1)[1]
    assert _run(database, job_id) == "succeeded"
    refused = visitor.post(f"/ui/replans/{job_id}/accept", {"csrf_token": "forged"})
    assert refused.status_code == 403
    assert _admin(client, world, "GET", f"/replans/{job_id}")["accepted_at"] is None


def test_by_default_only_the_instruments_with_a_change_are_drawn(
    client: TestClient, visitor: Visitor, world: World, database: Database
) -> None:
    _outage_over_the_longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    started = _start_from_the_page(visitor, world, change_weight="1000")
    job_id = started.headers["location"].rsplit("/", 1)[1]
    _run(database, job_id)
    replan = _admin(client, world, "GET", f"/replans/{job_id}")
    changed = {c["instrument"] for c in replan["changes"]}
    page = visitor.get(f"/ui/replans/{job_id}").text
    before = page.split("replan-before", 1)[1].split("</figure>", 1)[0]
    drawn = set(re.findall(r'<text class="row-label"[^>]*>([^<]+)</text>', before))
    assert changed <= drawn
    everything = visitor.get(f"/ui/replans/{job_id}?all_instruments=true").text
    assert len(re.findall('class="row-label"', everything)) > len(
        re.findall('class="row-label"', page)
    )


def test_a_bad_field_is_shown_next_to_it_and_starts_nothing(
    visitor: Visitor, world: World, jobs: RecordingBackend
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    page = _start_from_the_page(visitor, world, time_limit="100000")
    assert page.status_code == 422
    assert re.search(r'<p class="field-error" id="time_limit-error">At most', page.text)
    page = _start_from_the_page(visitor, world, now="soon")
    assert page.status_code == 422
    assert 'id="now-error"' in page.text
    assert jobs.submitted == []


@pytest.mark.parametrize(
    ("who", "status"), [("proposer", 403), ("reviewer", 403), ("other_coordinator", 404)]
)
def test_only_those_who_run_the_round_see_its_replans(
    client: TestClient, visitor: Visitor, world: World, who: str, status: int
) -> None:
    started = _admin(
        client, world, "POST", f"/rounds/{world.round}/replans", json={"time_limit": 5}
    )
    visitor.sign_in(world.tokens[who])
    assert visitor.get(f"/ui/rounds/{world.round}/replans").status_code == status
    assert visitor.get(f"/ui/replans/{started['id']}").status_code in {403, 404}


def test_a_running_replan_is_read_without_validating_its_instance_at_every_poll(
    client: TestClient,
    world: World,
    jobs: RecordingBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = _admin(client, world, "POST", f"/rounds/{world.round}/replans", json={"now": 3})

    def no_validation(_: str) -> None:
        raise AssertionError("a running re-plan's instance was validated again")

    monkeypatch.setattr("api.replans.service.parse_instance", no_validation)
    polled = _admin(client, world, "GET", f"/replans/{started['id']}")
    assert (polled["status"], polled["now"], polled["kept"], polled["stale"]) == (
        "queued",
        3,
        None,
        None,
    )
    assert polled["change_weight"] == started["change_weight"]
