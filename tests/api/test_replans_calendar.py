"""Calendar feeds follow an accepted re-plan: events keep their UIDs, their SEQUENCE grows
with the booking's version, and withdrawn bookings are sent as STATUS:CANCELLED."""

from __future__ import annotations

from api.auth.principal import Role
from tests.api import operations_world as world
from tests.api import replan_helpers as rh
from tests.api.helpers import Api, Caller
from tests.api.test_replans_accept import MOVED


def _events(caller: Caller, path: str) -> dict[str, dict[str, str]]:
    """The feed's events by UID: each a map of property name to value (lines unfolded)."""
    text = caller.get(path).text.replace("\r\n ", "")
    events: dict[str, dict[str, str]] = {}
    for chunk in text.split("BEGIN:VEVENT\r\n")[1:]:
        body = chunk.split("END:VEVENT")[0]
        fields = dict(line.split(":", 1) for line in body.split("\r\n") if line)
        events[fields["UID"]] = fields
    return events


def test_an_accepted_replan_updates_the_groups_calendar_by_uid_and_sequence(api: Api) -> None:
    runner = world.coordinator(api)
    booked = rh.published(runner)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    feed = f"/rounds/R-1/groups/{world.GROUP}/schedule.ics"
    before = _events(group, feed)
    assert {fields["SEQUENCE"] for fields in before.values()} == {"0"}
    job = rh.replan_with_candidate(runner, api.database, MOVED)
    made = runner.ok("POST", f"/replans/{job}/accept")["new_bookings"]
    after = _events(group, feed)

    def uid(request: str) -> str:
        return f"{booked[request]['id']}@beamtime"

    moved = after[uid("P-1/a")]
    assert moved["SEQUENCE"] == "1"
    assert moved["DTSTART"] != before[uid("P-1/a")]["DTSTART"]
    assert moved["STATUS"] == "TENTATIVE"
    dropped = after[uid("P-3/b")]
    assert (dropped["SEQUENCE"], dropped["STATUS"]) == ("1", "CANCELLED")
    assert dropped["DTSTART"] == before[uid("P-3/b")]["DTSTART"]
    assert after[uid("P-2/a")] == before[uid("P-2/a")]  # kept: nothing to follow
    assert after[f"{made[0]}@beamtime"]["SEQUENCE"] == "0"
    assert set(after) == set(before) | {f"{made[0]}@beamtime"}


def test_a_declined_booking_is_sent_cancelled_and_a_confirmed_one_grows_its_sequence(
    api: Api,
) -> None:
    runner = world.coordinator(api)
    booked = rh.published(runner)
    group = api.caller(Role.PROPOSER, group=world.GROUP)
    group.ok("POST", f"/bookings/{booked['P-1/a']['id']}/confirm")
    group.ok("POST", f"/bookings/{booked['P-2/a']['id']}/decline")
    events = _events(runner, "/rounds/R-1/schedule.ics")
    confirmed = events[f"{booked['P-1/a']['id']}@beamtime"]
    declined = events[f"{booked['P-2/a']['id']}@beamtime"]
    assert (confirmed["SEQUENCE"], confirmed["STATUS"]) == ("1", "CONFIRMED")
    assert (declined["SEQUENCE"], declined["STATUS"]) == ("1", "CANCELLED")
    csv_rows = runner.get("/rounds/R-1/allocation.csv").text.splitlines()[1:]
    assert not any(booked["P-2/a"]["id"] in row for row in csv_rows)  # the CSV holds time only
