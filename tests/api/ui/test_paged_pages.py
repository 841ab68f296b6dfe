"""Pages at scale: the decisions page reads one stored page of rows, the group page pages,
sorts and searches its proposals and its bookings on the server."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.db import Database
from models.orm import CachedDecisionRow
from tests.api.ui.visitors import Visitor
from tests.api.ui.world import OTHER_GROUP, World


def _bookings(client: TestClient, token: str, round_code: str) -> list[dict[str, object]]:
    response = client.get(
        f"/rounds/{round_code}/bookings?limit=500", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def _decisions(html: str) -> list[str]:
    return re.findall(r'data-decision="([^"]+)"', html)


def _proposals(html: str) -> list[str]:
    return re.findall(r'data-proposal="([^"]+)"', html)


def _rows(html: str) -> list[str]:
    return re.findall(r'data-booking="([^"]+)"', html)


def test_a_stored_decisions_page_never_parses_the_solution_again(
    visitor: Visitor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.exports import decision_views

    visitor.sign_in(world.tokens["coordinator"])
    first = visitor.get(f"/ui/rounds/{world.round}/decisions?sort=title").text

    def refuse(_: object) -> None:
        raise AssertionError("the stored rows should have been read")

    monkeypatch.setattr(decision_views, "parse_solution", refuse)
    again = visitor.get(f"/ui/rounds/{world.round}/decisions?sort=title").text
    assert _decisions(again) == _decisions(first)
    partial = visitor.get(f"/ui/rounds/{world.round}/decisions?outcome=partial").text
    assert set(_decisions(partial)) < set(_decisions(first))


def test_the_decisions_page_shows_the_stored_rows_until_a_booking_changes(
    client: TestClient, visitor: Visitor, world: World, published: tuple[World, Database]
) -> None:
    _, database = published
    visitor.sign_in(world.tokens["coordinator"])
    visitor.get(f"/ui/rounds/{world.round}/decisions")
    with database.transaction() as session:
        session.execute(
            update(CachedDecisionRow)
            .where(CachedDecisionRow.proposal == world.other_proposal)
            .values(title="A title from the store")
        )
    assert "A title from the store" in visitor.get(f"/ui/rounds/{world.round}/decisions").text
    token = world.tokens["other_proposer"]
    (booking,) = _bookings(client, token, world.round)
    declined = client.post(
        f"/bookings/{booking['id']}/decline", headers={"Authorization": f"Bearer {token}"}
    )
    assert declined.status_code == 200, declined.text
    html = visitor.get(f"/ui/rounds/{world.round}/decisions").text
    assert "A title from the store" not in html
    assert "declined by the group" in html


def test_the_group_page_pages_its_proposals(
    visitor: Visitor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.ui.views import group

    visitor.sign_in(world.tokens["proposer"])
    every = _proposals(visitor.get(f"/ui/rounds/{world.round}/group").text)
    monkeypatch.setattr(group, "PAGE_SIZE", 4)
    first = visitor.get(f"/ui/rounds/{world.round}/group").text
    pages = int(re.findall(r"Page 1 of (\d+)", first)[0])
    assert pages == -(-len(every) // 4)
    seen: list[str] = []
    for number in range(1, pages + 1):
        shown = _proposals(visitor.get(f"/ui/rounds/{world.round}/group?page={number}").text)
        assert 1 <= len(shown) <= 4
        seen += shown
    assert seen == sorted(every)
    beyond = visitor.get(f"/ui/rounds/{world.round}/group?page=999").text
    assert f"Page {pages} of {pages}" in beyond


def test_the_group_page_orders_and_searches_its_proposals(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["proposer"])
    by_title = visitor.get(f"/ui/rounds/{world.round}/group?sort=title").text
    titles = re.findall(r'<span class="subtitle">([^<]*)</span>', by_title)
    assert titles == sorted(titles, key=str.lower)
    one = _proposals(by_title)[0]
    found = _proposals(visitor.get(f"/ui/rounds/{world.round}/group?search={one.lower()}").text)
    assert found == [one]
    nothing = visitor.get(f"/ui/rounds/{world.round}/group?search=no-such-proposal").text
    assert "No proposal of your group matches" in nothing


def test_the_group_page_filters_and_orders_its_bookings(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["proposer"]
    bookings = _bookings(client, token, world.round)
    assert len(bookings) > 1
    declined = bookings[0]
    response = client.post(
        f"/bookings/{declined['id']}/decline", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    visitor.sign_in(token)
    only = _rows(visitor.get(f"/ui/rounds/{world.round}/group?status=declined").text)
    assert only == [declined["id"]]
    instrument = str(bookings[-1]["instrument"])
    on_one = _rows(visitor.get(f"/ui/rounds/{world.round}/group?instrument={instrument}").text)
    assert set(on_one) == {b["id"] for b in bookings if b["instrument"] == instrument}
    by_start = _rows(visitor.get(f"/ui/rounds/{world.round}/group?bookings_sort=start").text)
    starts = {b["id"]: b["start"] for b in bookings}
    assert [starts[b] for b in by_start] == sorted(starts[b] for b in by_start)


def test_the_bookings_page_pages_the_rounds_bookings_in_the_chosen_order(
    client: TestClient, visitor: Visitor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.ui.views import bookings

    every = _bookings(client, world.tokens["coordinator"], world.round)
    monkeypatch.setattr(bookings, "PAGE_SIZE", 7)
    visitor.sign_in(world.tokens["coordinator"])
    first = visitor.get(f"/ui/rounds/{world.round}/bookings?sort=start").text
    pages = int(re.findall(r"Page 1 of (\d+)", first)[0])
    assert pages == -(-len(every) // 7)
    seen = [
        row
        for number in range(1, pages + 1)
        for row in _rows(
            visitor.get(f"/ui/rounds/{world.round}/bookings?sort=start&page={number}").text
        )
    ]
    starts = {b["id"]: b["start"] for b in every}
    assert sorted(seen) == sorted(starts)
    assert [starts[b] for b in seen] == sorted(starts.values())


def test_the_bookings_page_filters_by_group_and_state(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["other_proposer"]
    (theirs,) = _bookings(client, token, world.round)
    visitor.sign_in(world.tokens["coordinator"])
    by_group = _rows(visitor.get(f"/ui/rounds/{world.round}/bookings?group={OTHER_GROUP}").text)
    assert by_group == [theirs["id"]]
    assert _rows(visitor.get(f"/ui/rounds/{world.round}/bookings?status=declined").text) == []


def test_the_bookings_page_is_for_the_rounds_coordinators(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["proposer"])
    assert visitor.get(f"/ui/rounds/{world.round}/bookings").status_code == 403
