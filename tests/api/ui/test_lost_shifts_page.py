"""The group page shows the shifts an outage took from the group's bookings, and only its own."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor
from tests.api.ui.world import OTHER_GROUP, World


def _record_outage_over_the_other_groups_booking(client: TestClient, world: World) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    bookings = client.get(
        f"/rounds/{world.round}/bookings", params={"group": OTHER_GROUP}, headers=headers
    ).json()["items"]
    booking = bookings[0]
    starts = datetime.fromisoformat(booking["starts_at"])
    response = client.post(
        f"/rounds/{world.round}/outages",
        json={
            "instruments": [booking["instrument"]],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "cause": "cryogenics trip",
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text


def test_a_group_sees_the_beam_time_it_lost(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    _record_outage_over_the_other_groups_booking(client, world)
    visitor.sign_in(world.tokens["other_proposer"])
    html = visitor.get(f"/ui/rounds/{world.round}/group").text
    assert "Lost beam time" in html
    assert "cryogenics trip" in html


def test_another_group_sees_only_its_own_losses(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    _record_outage_over_the_other_groups_booking(client, world)
    token = world.tokens["proposer"]
    visitor.sign_in(token)
    html = visitor.get(f"/ui/rounds/{world.round}/group").text
    own = client.get(
        f"/rounds/{world.round}/bookings", headers={"Authorization": f"Bearer {token}"}
    ).json()["items"]
    assert set(re.findall(r'data-lost="([^"]+)"', html)) <= {booking["id"] for booking in own}
