"""A coordinator cancels a booking from the schedule: a booked block opens its booking's
page (its decision, cancel this booking, book by hand on its instrument), the cancel is
confirmed, done by the bookings' service (audited), and the coordinator is back on the
same week, which no longer shows the block. Proposers get no such page and cannot cancel."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.world import World

SHIFTS_PER_WEEK = 21  # the example round's shifts are 8 h


def _api(client: TestClient, token: str, path: str) -> dict[str, object]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _bookings(client: TestClient, world: World) -> dict[str, dict[str, object]]:
    page = _api(client, world.tokens["coordinator"], f"/rounds/{world.round}/bookings?limit=500")
    assert isinstance(page["items"], list)
    return {booking["id"]: booking for booking in page["items"]}


def _an_awarded_booking(client: TestClient, world: World) -> dict[str, object]:
    return next(b for b in _bookings(client, world).values() if b["status"] == "awarded")


def _week_of(booking: dict[str, object]) -> int:
    start = booking["start"]
    assert isinstance(start, int)
    return start // SHIFTS_PER_WEEK + 1


def _block_links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'class="gantt-block" href="([^"]+)"', page)]


def test_a_coordinator_cancels_a_block_and_comes_back_to_its_week(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    booking = _an_awarded_booking(client, world)
    week = _week_of(booking)
    schedule = f"/ui/rounds/{world.round}/schedule?week={week}&colour=state"
    block = f"/ui/rounds/{world.round}/schedule/bookings/{booking['id']}?week={week}&colour=state"
    assert block in _block_links(visitor.get(schedule).text)

    opened = visitor.get(block)
    assert opened.status_code == 200
    page = html.unescape(opened.text)
    assert f'href="/ui/rounds/{world.round}/decisions#{booking["proposal"]}"' in page
    cancel = (
        f"/ui/rounds/{world.round}/bookings/{booking['id']}/cancel"
        f"?back=schedule&week={week}&colour=state"
    )
    assert f'href="{cancel}"' in page
    assert "Cancel this booking" in page
    confirmation = visitor.get(cancel).text
    assert "Cancel this booking?" in confirmation
    assert " UTC (shifts " in confirmation  # the booked time in dates, shifts beside them

    answer = visitor.submit(cancel)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{schedule}&done=booking-cancelled"
    assert _bookings(client, world)[str(booking["id"])]["status"] == "cancelled"
    history = _api(
        client,
        world.tokens["coordinator"],
        f"/audit?round={world.round}&action=booking.cancel",
    )["items"]
    assert isinstance(history, list)
    assert [entry["resource_id"] for entry in history] == [booking["id"]]
    after = visitor.get(answer.headers["location"]).text
    assert "The booking is cancelled; its shifts are free for others." in after
    assert not any(str(booking["id"]) in link for link in _block_links(after))


def test_a_blocks_page_books_its_instrument_by_hand_from_its_start(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    booking = _an_awarded_booking(client, world)
    page = visitor.get(f"/ui/rounds/{world.round}/schedule/bookings/{booking['id']}").text
    link = re.search(r'href="([^"]+/bookings/new\?[^"]+)"', page)
    assert link is not None
    form = visitor.get(html.unescape(link.group(1))).text
    assert f'<option value="{booking["instrument"]}" selected>' in form
    starts_at = str(booking["starts_at"])[:16]  # 2027-09-08T08:00:00Z -> 2027-09-08T08:00
    assert re.search(rf'id="booking-starts-at"[^>]*value="{starts_at}"', form)
    assert re.search(rf'id="booking-length"[^>]*value="{booking["length"]}"', form)


def test_a_proposer_gets_no_cancel_on_the_schedule_and_a_forged_post_is_refused(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    booking = _an_awarded_booking(client, world)
    visitor.sign_in(world.tokens["proposer"])
    schedule = visitor.get(f"/ui/rounds/{world.round}/schedule?week={_week_of(booking)}").text
    links = _block_links(schedule)
    assert links
    assert all("/decisions#" in link for link in links)
    assert "Cancel this booking" not in schedule
    block = f"/ui/rounds/{world.round}/schedule/bookings/{booking['id']}"
    assert visitor.get(block).status_code == 403
    token = csrf_of(visitor.get(f"/ui/rounds/{world.round}/group").text)
    forged = visitor.post(
        f"/ui/rounds/{world.round}/bookings/{booking['id']}/cancel",
        {"csrf_token": token, "version": "1", "back": "schedule", "week": "1"},
    )
    assert forged.status_code in (403, 404)
    assert _bookings(client, world)[str(booking["id"])]["status"] == "awarded"


def test_a_reviewer_and_a_stranger_open_no_blocks_page(client: TestClient, world: World) -> None:
    booking = _an_awarded_booking(client, world)
    block = f"/ui/rounds/{world.round}/schedule/bookings/{booking['id']}"
    for who, status in (("reviewer", 403), ("other_coordinator", 404)):
        someone = Visitor(client)
        someone.sign_in(world.tokens[who])
        assert someone.get(block).status_code == status, who


def test_a_booking_of_another_round_or_none_is_a_clear_404(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    missing = visitor.get(f"/ui/rounds/{world.round}/schedule/bookings/no-such-booking")
    assert missing.status_code == 404
    assert "no-such-booking" in missing.text
