"""`GET /rounds/{r}/proposals` offers what the coordinator's page offers, with the same
filter code: a search of id and title (`q`), orders (`sort`, `order`) and the outcome
filter once an allocation is accepted; a value it does not know is a 422 naming its
query parameter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.db import Database
from tests.api.ui.visitors import Visitor
from tests.api.ui.work_world import RoundsAtWork, add_rounds_at_work
from tests.api.ui.world import World


@pytest.fixture(scope="module")
def at_work(published: tuple[World, Database]) -> RoundsAtWork:
    """The open and the review round, beside the published one."""
    world, database = published
    return add_rounds_at_work(database, world)


def _get(client: TestClient, token: str, path: str) -> tuple[int, dict[str, Any]]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    body: dict[str, Any] = response.json()
    return response.status_code, body


def _items(client: TestClient, token: str, path: str) -> list[dict[str, Any]]:
    status, body = _get(client, token, path)
    assert status == 200, body
    items: list[dict[str, Any]] = body["items"]
    return items


def _codes(client: TestClient, token: str, path: str) -> list[str]:
    return [item["id"] for item in _items(client, token, path)]


def _signed_in_coordinator(client: TestClient, at_work: RoundsAtWork) -> tuple[str, Visitor]:
    """The coordinator's API token, and a browser session signed in with it."""
    token = at_work.tokens["coordinator"]
    visitor = Visitor(client)
    visitor.sign_in(token)
    return token, visitor


def _on_page(visitor: Visitor, path: str) -> list[str]:
    return re.findall(r'data-proposal="([^"]+)"', visitor.get(path).text)


def test_q_searches_ids_and_titles_like_the_pages_search(
    client: TestClient, at_work: RoundsAtWork
) -> None:
    token, visitor = _signed_in_coordinator(client, at_work)
    api = f"/rounds/{at_work.open}/proposals?limit=500"
    page = f"/ui/rounds/{at_work.open}/proposals"
    for text in ("DOSIMETRY", at_work.other_proposal.lower(), "ion", "%", "_"):
        assert _codes(client, token, f"{api}&q={text}") == _on_page(
            visitor, f"{page}?search={text}"
        ), text
    assert _codes(client, token, f"{api}&q=DOSIMETRY") == [at_work.other_proposal]
    assert _codes(client, token, f"{api}&q=%25") == []
    assert _codes(client, token, f"{api}&q=%20%20") == _codes(client, token, api)


def test_sort_and_order_follow_the_pages_orders_both_ways(
    client: TestClient, at_work: RoundsAtWork
) -> None:
    token, visitor = _signed_in_coordinator(client, at_work)
    api = f"/rounds/{at_work.open}/proposals?limit=500"
    page = f"/ui/rounds/{at_work.open}/proposals"
    for sort in ("proposal", "title", "group", "score", "submitted"):
        assert _codes(client, token, f"{api}&sort={sort}") == _on_page(
            visitor, f"{page}?sort={sort}"
        ), sort

    by_title = _items(client, token, f"{api}&sort=title&order=desc")
    by_id = sorted(by_title, key=lambda item: item["id"])
    # Python's sort is stable even in reverse: equal titles stay in id order, as in SQL.
    assert by_title == sorted(by_id, key=lambda item: item["title"].lower(), reverse=True)

    lowest_first = _items(client, token, f"{api}&sort=score&order=asc")
    scores = [item["score"] for item in lowest_first]
    assert scores[-1] is None  # unscored last, whichever the direction
    assert scores[:-1] == sorted(scores[:-1])
    assert _codes(client, token, f"{api}&sort=score&order=desc") == _codes(
        client, token, f"{api}&sort=score"
    )
    assert _codes(client, token, f"{api}&order=desc") == sorted(
        _codes(client, token, api), reverse=True
    )
    changed = _items(client, token, f"{api}&sort=changed")
    stamps = [item["updated_at"] for item in changed]
    assert stamps == sorted(stamps, reverse=True)


def test_the_outcome_filter_agrees_with_the_decisions_page(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    token, visitor = _signed_in_coordinator(client, at_work)
    api = f"/rounds/{world.round}/proposals?limit=500"
    everything = set(_codes(client, token, api))
    found = {}
    for outcome in ("awarded", "partial", "rejected"):
        decided = set(
            re.findall(
                r'data-decision="([^"]+)"',
                visitor.get(f"/ui/rounds/{world.round}/decisions?outcome={outcome}").text,
            )
        )
        # Twice: the first computes the decision rows, the second reads them as kept.
        for _ in range(2):
            found[outcome] = set(_codes(client, token, f"{api}&outcome={outcome}"))
            assert found[outcome] == decided, outcome
    assert found["awarded"]
    assert set().union(*found.values()) == everything
    awarded_by_title = _codes(client, token, f"{api}&outcome=awarded&sort=title&q=e")
    assert set(awarded_by_title) <= found["awarded"]


def _refused(client: TestClient, token: str, path: str, status: int) -> list[str]:
    code, body = _get(client, token, path)
    assert code == status, body
    return [problem["path"] for problem in body.get("errors", [])]


def test_values_it_does_not_know_are_refused_naming_the_query_parameter(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["coordinator"]
    base = f"/rounds/{world.round}/proposals"
    for query, parameter in (
        ("sort=size", "sort"),
        ("order=up", "order"),
        ("outcome=lucky", "outcome"),
        ("q=" + "x" * 201, "q"),
    ):
        # FastAPI's checks say where the parameter is (`query.sort`); the shared outcome
        # check, which the page uses too, names it alone.
        paths = _refused(client, token, f"{base}?{query}", 422)
        assert paths in ([f"query.{parameter}"], [parameter]), (query, paths)
    before = _refused(client, token, f"/rounds/{at_work.open}/proposals?outcome=awarded", 422)
    assert before == ["outcome"]


def test_who_may_not_use_a_filter_is_refused(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    base = f"/rounds/{world.round}/proposals"
    assert _get(client, world.tokens["reviewer"], f"{base}?outcome=awarded")[0] == 403
    assert _get(client, world.tokens["proposer"], f"{base}?sort=score")[0] == 403
    own = _codes(client, world.tokens["proposer"], f"{base}?limit=500")
    awarded = _codes(client, world.tokens["proposer"], f"{base}?outcome=awarded&limit=500")
    assert set(awarded) <= set(own)
