"""A coordinator removes a closed period on the closed periods page: a Remove link per
period of its facilities' instruments, a confirmation naming the period and the round's
shifts it reopens in dates, then the post (`FacilityService.delete_closed_period`,
audited). The shifts open again; nobody else may remove it, and a wrong id is a 404 that
names it."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient

from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.world import World

PERIOD = {"starts_at": "2027-09-25T10:00", "ends_at": "2027-09-26T08:00"}
WEEK = 3  # shifts 42-62 of the example round's 8 h shifts: the period's shifts 57-59


def _as(client: TestClient, token: str, method: str, path: str, **kwargs: object) -> httpx.Response:
    return client.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)  # type: ignore[arg-type]


def _periods(client: TestClient, world: World, instrument: str) -> list[dict[str, object]]:
    answer = _as(
        client, world.tokens["coordinator"], "GET", f"/instruments/{instrument}/closed-periods"
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, object]] = answer.json()["items"]
    return items


def _closed_on_schedule(visitor: Visitor, world: World, instrument: str) -> int:
    page = visitor.get(f"/ui/rounds/{world.round}/schedule?week={WEEK}&instrument={instrument}")
    return page.text.count('<rect class="closed"')


def _add(visitor: Visitor, world: World, instrument: str, reason: str) -> int:
    page = visitor.get(f"/ui/rounds/{world.round}/closed-periods")
    fields = {"csrf_token": csrf_of(page.text), "instrument": instrument, "reason": reason}
    added = visitor.post(f"/ui/rounds/{world.round}/closed-periods", {**fields, **PERIOD})
    assert added.status_code == 303, added.text[:2000]
    listed = visitor.get(added.headers["location"]).text
    row = re.search(
        rf'<tr data-instrument="{instrument}" data-period="(\d+)">(?:(?!</tr>).)*{reason}',
        listed,
        re.S,
    )
    assert row is not None
    return int(row.group(1))


def test_a_coordinator_removes_a_closed_period_and_its_shifts_reopen(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    open_before = _closed_on_schedule(visitor, world, "NICA-SOCHI")
    period = _add(visitor, world, "NICA-SOCHI", "magnet repair")
    assert _closed_on_schedule(visitor, world, "NICA-SOCHI") == open_before + 1
    remove = f"/ui/rounds/{world.round}/closed-periods/{period}/remove"
    assert f'href="{remove}"' in visitor.get(f"/ui/rounds/{world.round}/closed-periods").text

    confirmation = visitor.get(remove).text
    assert "Remove this closed period?" in confirmation
    assert "NICA-SOCHI is no longer closed 2027-09-25 10:00 to 2027-09-26 08:00 UTC" in confirmation
    assert "shifts 2027-09-25 08:00 to 2027-09-26 08:00 UTC (shifts 57–59)" in confirmation

    answer = visitor.submit(remove)
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        f"/ui/rounds/{world.round}/closed-periods?done=closed-period-removed"
    )
    assert period not in [p["id"] for p in _periods(client, world, "NICA-SOCHI")]
    assert "The closed period is removed" in visitor.get(answer.headers["location"]).text
    assert _closed_on_schedule(visitor, world, "NICA-SOCHI") == open_before
    audit = _as(client, world.tokens["admin"], "GET", "/audit?action=closed_period.delete")
    entries = audit.json()["items"]
    assert [(e["resource_id"], e["detail"]) for e in entries] == [
        ("NICA-SOCHI", {"closed_period": period})
    ]


def test_only_the_instruments_coordinators_remove_its_closed_periods(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    period = _add(visitor, world, "NICA-SOCHI", "magnet repair")
    remove = f"/ui/rounds/{world.round}/closed-periods/{period}/remove"
    for who, status in (("proposer", 403), ("reviewer", 403), ("other_coordinator", 404)):
        someone = Visitor(client)
        someone.sign_in(world.tokens[who])
        assert someone.get(remove).status_code == status, who
    proposer = Visitor(client)
    proposer.sign_in(world.tokens["proposer"])
    token = csrf_of(proposer.get(f"/ui/rounds/{world.round}/group").text)
    assert proposer.post(remove, {"csrf_token": token}).status_code == 403
    # The round's other facility has coordinators of its own: no Remove link, and a
    # forged post is refused by the service.
    foreign = _as(
        client,
        world.tokens["admin"],
        "POST",
        "/instruments/IBR2-DN6/closed-periods",
        json={**{k: v + ":00Z" for k, v in PERIOD.items()}, "reason": "reactor stop"},
    )
    assert foreign.status_code == 201, foreign.text
    foreign_id = foreign.json()["id"]
    visitor.sign_in(world.tokens["coordinator"])  # the visitors share the client's cookies
    listed = visitor.get(f"/ui/rounds/{world.round}/closed-periods").text
    assert f"/closed-periods/{period}/remove" in listed
    assert f"/closed-periods/{foreign_id}/remove" not in listed
    token = csrf_of(listed)
    refused = visitor.post(
        f"/ui/rounds/{world.round}/closed-periods/{foreign_id}/remove", {"csrf_token": token}
    )
    assert refused.status_code == 403
    assert "coordinators of IBR-2" in refused.text
    assert period in [p["id"] for p in _periods(client, world, "NICA-SOCHI")]
    assert foreign_id in [p["id"] for p in _periods(client, world, "IBR2-DN6")]


def test_a_wrong_closed_period_is_a_404_that_names_it(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    for wrong in ("999999", "not-a-number"):
        page = visitor.get(f"/ui/rounds/{world.round}/closed-periods/{wrong}/remove")
        assert page.status_code == 404
        assert f"no closed period {wrong} on the instruments of round {world.round}" in page.text
