"""Recording an outage from the pages: the form, a confirmation that names the bookings it
hits and the shifts they lose (the same figures the API then records), problems next to
their fields, and the roles of the API."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor
from tests.api.ui.world import World


def _api(client: TestClient, world: World, method: str, path: str) -> Any:
    response = client.request(
        method, path, headers={"Authorization": f"Bearer {world.tokens['admin']}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _longest_booking(client: TestClient, world: World) -> dict[str, Any]:
    bookings = _api(client, world, "GET", f"/rounds/{world.round}/bookings?limit=500")["items"]
    longest: dict[str, Any] = max(bookings, key=lambda b: b["length"])
    return longest


def _local(moment: datetime) -> str:
    """A time as a `datetime-local` input sends it."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def _check_query(booking: dict[str, Any], hours: int = 16, cause: str = "RF cavity fault") -> str:
    starts = datetime.fromisoformat(booking["starts_at"])
    return (
        f"instruments={booking['instrument']}&starts_at={_local(starts)}"
        f"&ends_at={_local(starts + timedelta(hours=hours))}&cause={cause.replace(' ', '+')}"
    )


def _confirmation_fields(page: str) -> dict[str, str]:
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in fields}


def test_the_form_offers_every_instrument_of_the_round(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/new?instrument=INP-DC60")
    assert page.status_code == 200
    offered = set(re.findall(r'name="instruments" value="([^"]+)"', page.text))
    booked = {
        b["instrument"]
        for b in _api(client, world, "GET", f"/rounds/{world.round}/bookings?limit=500")["items"]
    }
    assert booked <= offered
    assert 'value="INP-DC60" checked' in page.text
    assert 'type="datetime-local"' in page.text


def test_the_confirmation_names_each_booking_hit_and_its_lost_shifts_without_recording(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/check?{_check_query(booking)}")
    assert page.status_code == 200, page.text[page.text.find("error-detail") :][:1500]
    hits = dict(re.findall(r'data-booking="([^"]+)" data-lost-shifts="(\d+)"', page.text))
    assert hits[booking["id"]] == str(min(2, booking["length"]))  # two 8-hour shifts
    assert _api(client, world, "GET", f"/rounds/{world.round}/outages") == []


def test_recording_the_confirmed_outage_marks_the_shifts_the_confirmation_named(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/check?{_check_query(booking)}")
    shown = dict(re.findall(r'data-booking="([^"]+)" data-lost-shifts="(\d+)"', page.text))
    done = visitor.post(f"/ui/rounds/{world.round}/outages", _confirmation_fields(page.text))
    assert done.status_code == 303
    assert done.headers["location"] == f"/ui/rounds/{world.round}?done=outage-recorded"
    assert "The outage is recorded" in visitor.get(done.headers["location"]).text
    outages = _api(client, world, "GET", f"/rounds/{world.round}/outages")
    assert [outage["cause"] for outage in outages] == ["RF cavity fault"]
    recorded: dict[str, int] = {}
    for lost in outages[0]["lost"]:
        recorded[lost["booking"]] = recorded.get(lost["booking"], 0) + lost["length"]
    assert {k: str(v) for k, v in recorded.items()} == shown


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "instruments=INP-DC60&starts_at=2027-09-07T08:00&ends_at=2027-09-07T06:00&cause=x",
            "ends_at",
            "Must be after starts_at",
        ),
        (
            "instruments=NO-SUCH&starts_at=2027-09-07T08:00&ends_at=2027-09-08T08:00&cause=x",
            "instruments",
            "NO-SUCH is not an instrument of the round",
        ),
        ("starts_at=2027-09-07T08:00&ends_at=2027-09-08T08:00&cause=x", "instruments", ""),
        (
            "instruments=INP-DC60&starts_at=yesterday&ends_at=2027-09-08T08:00&cause=x",
            "starts_at",
            "A date and time in UTC",
        ),
        ("instruments=INP-DC60&starts_at=2027-09-07T08:00&ends_at=2027-09-08T08:00", "cause", ""),
    ],
)
def test_a_problem_is_shown_next_to_its_field_and_nothing_is_recorded(
    client: TestClient, visitor: Visitor, world: World, query: str, field: str, message: str
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/check?{query}")
    assert page.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]+)</p>', page.text)
    assert error is not None, page.text[:3000]
    assert message in error.group(1)
    assert f'aria-describedby="{field}-error"' in page.text
    assert "x" in page.text  # the typed values are kept
    assert _api(client, world, "GET", f"/rounds/{world.round}/outages") == []


def test_a_post_without_the_forms_csrf_token_records_nothing(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/check?{_check_query(booking)}")
    fields = _confirmation_fields(page.text)
    fields["csrf_token"] = "forged"
    assert visitor.post(f"/ui/rounds/{world.round}/outages", fields).status_code == 403
    assert _api(client, world, "GET", f"/rounds/{world.round}/outages") == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("proposer", 403), ("reviewer", 403), ("other_coordinator", 404), ("admin", 200)],
)
def test_only_those_who_run_the_round_record_outages(
    visitor: Visitor, world: World, who: str, status: int
) -> None:
    visitor.sign_in(world.tokens[who])
    assert visitor.get(f"/ui/rounds/{world.round}/outages/new").status_code == status


def test_changing_the_outage_goes_back_to_the_form_as_it_was_typed(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _longest_booking(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/rounds/{world.round}/outages/check?{_check_query(booking)}")
    back = re.search(r'<a class="button secondary" href="([^"]+)">Change it</a>', page.text)
    assert back is not None
    form = visitor.get(html.unescape(back.group(1))).text
    starts = datetime.fromisoformat(booking["starts_at"])
    assert f'value="{booking["instrument"]}" checked' in form
    assert f'value="{_local(starts)}"' in form
    assert 'value="RF cavity fault"' in form
