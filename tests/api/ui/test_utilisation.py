"""The utilisation map: each instrument's share of open places used, week by week, and
the page that shows it for the whole round with a way into each week."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.ui.charts.timeline import Window
from api.ui.charts.utilisation import Cell, InstrumentLine, utilisation_map
from tests.api.ui.visitors import Visitor
from tests.api.ui.world import World

WEEKS = (Window(0, 21, 1), Window(21, 42, 2))


def _line(capacity: int = 1, closed: tuple[tuple[int, int], ...] = ()) -> InstrumentLine:
    return InstrumentLine("I-1", "F", capacity, closed)


def test_a_block_across_two_weeks_counts_in_each_for_its_own_shifts() -> None:
    (row,) = utilisation_map([_line()], [("I-1", 18, 6)], WEEKS).rows
    assert [(cell.used, cell.open) for cell in row.cells] == [(3, 21), (3, 21)]


def test_closed_shifts_are_not_open_places() -> None:
    (row,) = utilisation_map([_line(closed=((0, 7),))], [("I-1", 7, 7)], WEEKS).rows
    assert row.cells[0].share == 0.5


def test_each_place_of_an_instrument_counts() -> None:
    blocks = [("I-1", 0, 21), ("I-1", 0, 21)]
    (row,) = utilisation_map([_line(capacity=2)], blocks, WEEKS).rows
    assert (row.cells[0].percent, row.cells[0].level) == (100, 5)
    assert (row.total.used, row.total.open) == (42, 84)


def test_a_week_closed_throughout_has_no_share() -> None:
    (row,) = utilisation_map([_line(closed=((21, 42),))], [], WEEKS).rows
    assert row.cells[1] == Cell(2, 0, 0)
    assert row.cells[1].level is None


def test_a_little_use_is_shaded_apart_from_none() -> None:
    (row,) = utilisation_map([_line()], [("I-1", 0, 1)], WEEKS).rows
    assert [cell.level for cell in row.cells] == [1, 0]


def test_blocks_of_instruments_not_shown_are_left_out() -> None:
    (row,) = utilisation_map([_line()], [("I-2", 0, 21)], WEEKS).rows
    assert row.total.used == 0


def test_the_page_shows_every_instrument_by_every_week_with_the_bookings_use(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["coordinator"]
    visitor.sign_in(token)
    html = visitor.get(f"/ui/rounds/{world.round}/utilisation").text
    instruments = re.findall(r'<tr data-instrument="([^"]+)"', html)
    assert len(instruments) > 1
    weeks = re.findall(r'schedule\?week=(\d+)"', html)
    assert weeks == ["1", "2", "3"]  # 63 shifts of 8 hours: three weeks
    bookings = client.get(
        f"/rounds/{world.round}/bookings?limit=500", headers={"Authorization": f"Bearer {token}"}
    ).json()["items"]
    for instrument in instruments:
        row = re.search(rf'<tr data-instrument="{instrument}">(.*?)</tr>', html, re.S)
        assert row is not None
        used = [int(n) for n in re.findall(r'data-used="(\d+)"', row.group(1))]
        assert len(used) == 3
        held = sum(
            b["length"]
            for b in bookings
            if b["instrument"] == instrument and b["status"] in ("awarded", "confirmed")
        )
        assert sum(used) == held, instrument


def test_the_utilisation_is_for_the_rounds_coordinators(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["proposer"])
    assert visitor.get(f"/ui/rounds/{world.round}/utilisation").status_code == 403


def test_the_schedule_links_to_the_utilisation_and_writes_its_dates(
    visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    html = visitor.get(f"/ui/rounds/{world.round}/schedule?week=2").text
    assert f'href="/ui/rounds/{world.round}/utilisation"' in html
    assert "2027-09-13 08:00 to 2027-09-20 08:00 UTC" in html  # week 2 of the demo round
