"""What people read on the pages speaks in dates and times of the round's calendar."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor
from tests.api.ui.world import World

ROUND_START = datetime.fromisoformat("2027-09-06T08:00:00+00:00")
"""`examples/small-demo.json` starts here, with shifts of 8 hours."""


def test_declining_a_booking_names_its_dates(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["other_proposer"]
    (booking,) = client.get(
        f"/rounds/{world.round}/bookings", headers={"Authorization": f"Bearer {token}"}
    ).json()["items"]
    visitor.sign_in(token)
    html = visitor.get(f"/ui/bookings/{booking['id']}/decline").text
    starts = ROUND_START + timedelta(hours=8 * booking["start"])
    assert starts.strftime("%Y-%m-%d %H:%M") in html
    assert "UTC" in html


def test_reasons_on_the_decisions_page_give_windows_in_dates(
    visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    html = visitor.get(f"/ui/rounds/{world.round}/decisions").text
    windows = re.findall(r"window ([^<]*?UTC) \(shifts", html)
    assert windows, "the demo round has reasons that name a window"
    assert all(re.match(r"2027-\d\d-\d\d \d\d:\d\d to ", window) for window in windows)
    assert not re.search(r"window \[\d+, \d+\)", html)
