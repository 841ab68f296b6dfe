"""Coordinators work on the published schedule in the pages: cancel bookings, book by hand
(outside a request's terms only with a recorded reason) and close instruments; nobody
else may, and each page agrees with the API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.world import World


def _api(client: TestClient, token: str, path: str) -> dict[str, object]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _bookings(client: TestClient, world: World) -> list[dict[str, object]]:
    items = _api(client, world.tokens["coordinator"], f"/rounds/{world.round}/bookings?limit=500")
    assert isinstance(items["items"], list)
    return items["items"]


def _a_booking(client: TestClient, world: World) -> dict[str, object]:
    return next(b for b in _bookings(client, world) if b["status"] == "awarded")


def _problems(html: str, field_id: str) -> list[str]:
    block = re.search(
        rf'<ul class="field-problems" id="{field_id}-problems">(.*?)</ul>', html, re.S
    )
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def _cancel(visitor: Visitor, world: World, booking: dict[str, object]) -> None:
    listed = visitor.get(f"/ui/rounds/{world.round}/bookings").text
    link = f"/ui/rounds/{world.round}/bookings/{booking['id']}/cancel"
    assert f'href="{link}"' in listed
    assert visitor.submit(link).status_code == 303


def _book(visitor: Visitor, world: World, **fields: str):  # type: ignore[no-untyped-def]
    form = visitor.get(f"/ui/rounds/{world.round}/bookings/new?request={fields['request']}")
    assert form.status_code == 200
    return visitor.post(
        f"/ui/rounds/{world.round}/bookings", {"csrf_token": csrf_of(form.text), **fields}
    )


def _input_time(moment: object) -> str:
    assert isinstance(moment, str)
    return moment[:16]  # 2027-09-08T08:00:00Z -> 2027-09-08T08:00


def test_a_coordinator_cancels_a_booking_and_books_its_shifts_by_hand(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    booking = _a_booking(client, world)
    _cancel(visitor, world, booking)
    after = {b["id"]: b for b in _bookings(client, world)}
    assert after[booking["id"]]["status"] == "cancelled"
    answer = _book(
        visitor,
        world,
        request=str(booking["request"]),
        instrument=str(booking["instrument"]),
        starts_at=_input_time(booking["starts_at"]),
        length=str(booking["length"]),
        override="",
    )
    assert answer.status_code == 303, answer.text[:3000]
    (made,) = [b for b in _bookings(client, world) if b["id"] not in after]
    assert (made["request"], made["instrument"], made["start"], made["length"]) == (
        booking["request"],
        booking["instrument"],
        booking["start"],
        booking["length"],
    )
    assert (made["source"], made["override_reason"]) == ("manual", None)


def test_booking_outside_the_requests_terms_needs_a_reason_that_is_recorded(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["coordinator"]
    visitor.sign_in(token)
    booking = _a_booking(client, world)
    _cancel(visitor, world, booking)
    proposal = _api(client, token, f"/rounds/{world.round}/proposals/{booking['proposal']}")
    requests = proposal["requests"]
    assert isinstance(requests, list)
    (request,) = [r for r in requests if r["id"] == booking["request"]]
    short = {
        "request": str(booking["request"]),
        "instrument": str(booking["instrument"]),
        "starts_at": _input_time(booking["starts_at"]),
        "length": str(request["min_block"] - 1),
    }
    before = _bookings(client, world)
    refused = _book(visitor, world, **short, override="")
    assert refused.status_code == 422
    assert f"runs in blocks of at least {request['min_block']} shifts" in " ".join(
        _problems(refused.text, "booking-length")
    )
    assert "give `override` with a reason" in refused.text
    assert _bookings(client, world) == before
    reason = "The team can use a short block before the outage"
    answer = _book(visitor, world, **short, override=reason)
    assert answer.status_code == 303, answer.text[:3000]
    (made,) = [b for b in _bookings(client, world) if b not in before]
    assert made["override_reason"] == reason
    history = visitor.get(f"/ui/rounds/{world.round}/proposals/{booking['proposal']}").text
    assert 'data-action="booking.create"' in history
    assert reason in history


def test_a_booking_time_that_cannot_be_read_is_shown_beside_its_field(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    before = _bookings(client, world)
    answer = _book(
        visitor, world, request="P-101/a", instrument="NICA-SOCHI", starts_at="soon", length="3"
    )
    assert answer.status_code == 422
    assert _problems(answer.text, "booking-starts-at")
    assert _bookings(client, world) == before


def test_a_coordinator_closes_an_instrument_for_a_period(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["coordinator"]
    visitor.sign_in(token)
    page = visitor.get(f"/ui/rounds/{world.round}/closed-periods")
    assert page.status_code == 200
    fields = {
        "csrf_token": csrf_of(page.text),
        "instrument": "NICA-SOCHI",
        "starts_at": "2027-09-25T10:00",
        "ends_at": "2027-09-26T08:00",
        "reason": "magnet repair",
    }
    backwards = visitor.post(
        f"/ui/rounds/{world.round}/closed-periods", {**fields, "ends_at": "2027-09-24T08:00"}
    )
    assert backwards.status_code == 422
    assert _problems(backwards.text, "period-ends-at")
    elsewhere = visitor.post(
        f"/ui/rounds/{world.round}/closed-periods", {**fields, "instrument": "NOWHERE"}
    )
    assert elsewhere.status_code == 422
    assert _problems(elsewhere.text, "period-instrument")
    # The round's other facilities have coordinators of their own.
    foreign = visitor.post(
        f"/ui/rounds/{world.round}/closed-periods", {**fields, "instrument": "IBR2-DN6"}
    )
    assert foreign.status_code == 403
    assert "coordinators of IBR-2" in " ".join(_problems(foreign.text, "period-instrument"))
    # The page lists the periods that touch the round: one after its end is refused.
    after = visitor.post(
        f"/ui/rounds/{world.round}/closed-periods",
        {**fields, "starts_at": "2027-09-28T00:00", "ends_at": "2027-09-29T00:00"},
    )
    assert after.status_code == 422
    assert "outside the round" in " ".join(_problems(after.text, "period-starts-at"))
    added = visitor.post(f"/ui/rounds/{world.round}/closed-periods", fields)
    assert added.status_code == 303
    periods = _api(client, token, "/instruments/NICA-SOCHI/closed-periods")["items"]
    assert isinstance(periods, list)
    assert [p["reason"] for p in periods].count("magnet repair") == 1
    listed = visitor.get(added.headers["location"]).text
    assert "The closed period is added." in listed
    # 10:00 falls inside the shift from 08:00: that shift closes too (shifts 57 to 59).
    assert re.search(
        r"Sat 25 Sep 2027 10:00</td><td>Sun 26 Sep 2027 08:00</td><td[^>]*>57–59<", listed
    )


def test_only_the_rounds_coordinators_work_on_its_schedule(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _a_booking(client, world)
    pages = ("bookings", "bookings/new", f"bookings/{booking['id']}/cancel", "closed-periods")
    for who, status in (("proposer", 403), ("reviewer", 403), ("other_coordinator", 404)):
        someone = Visitor(client)
        someone.sign_in(world.tokens[who])
        for page in pages:
            assert someone.get(f"/ui/rounds/{world.round}/{page}").status_code == status, (
                who,
                page,
            )
    visitor.sign_in(world.tokens["proposer"])
    form = visitor.get(f"/ui/rounds/{world.round}/group")
    token = csrf_of(form.text)
    refused = visitor.post(
        f"/ui/rounds/{world.round}/bookings/{booking['id']}/cancel",
        {"csrf_token": token, "version": "1"},
    )
    assert refused.status_code in (403, 404)
    assert (
        visitor.post(
            f"/ui/rounds/{world.round}/closed-periods",
            {
                "csrf_token": token,
                "instrument": "NICA-SOCHI",
                "starts_at": "2027-09-25T08:00",
                "ends_at": "2027-09-26T08:00",
            },
        ).status_code
        == 403
    )
    after = {b["id"]: b["status"] for b in _bookings(client, world)}
    assert after[booking["id"]] == "awarded"


def test_the_bookings_page_filters_as_the_api_does(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    every = _bookings(client, world)
    instrument = str(every[0]["instrument"])
    html = visitor.get(f"/ui/rounds/{world.round}/bookings?instrument={instrument}").text
    expected = {b["id"] for b in every if b["instrument"] == instrument}
    assert set(re.findall(r'data-booking="([^"]+)"', html)) == expected
    schedule = visitor.get(f"/ui/rounds/{world.round}/schedule?instrument={instrument}").text
    assert f"/ui/rounds/{world.round}/bookings?instrument={instrument}" in schedule
    assert visitor.get(f"/ui/rounds/{world.round}/bookings?status=lost").status_code == 422
