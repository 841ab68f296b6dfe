"""`GET /rounds/{r}/bookings` pages in the order asked for, on the server."""

from __future__ import annotations

from typing import Any

from tests.api import operations_world as world
from tests.api.helpers import Api, problem


def _listed(api: Api, **params: Any) -> list[dict[str, Any]]:
    runner = world.coordinator(api)
    if runner.get("/rounds/R-1").status_code == 404:
        world.imported_round(runner, "R-1", world.FUTURE_START)
        world.publish(runner, "R-1")
    items: list[dict[str, Any]] = runner.ok("GET", "/rounds/R-1/bookings", params=params)["items"]
    return items


def test_bookings_are_listed_by_start_when_asked(api: Api) -> None:
    starts = [item["start"] for item in _listed(api, sort="start")]
    assert len(starts) > 1
    assert starts == sorted(starts)


def test_a_page_in_an_order_continues_where_the_last_ended(api: Api) -> None:
    every = [item["id"] for item in _listed(api, sort="start", limit=100)]
    pages = [
        item["id"]
        for offset in range(0, len(every), 2)
        for item in _listed(api, sort="start", limit=2, offset=offset)
    ]
    assert pages == every


def test_an_unknown_order_is_refused(api: Api) -> None:
    _listed(api)
    runner = world.coordinator(api)
    refused = problem(runner.get("/rounds/R-1/bookings", params={"sort": "colour"}), 422)
    assert any("sort" in error["path"] for error in refused["errors"])
