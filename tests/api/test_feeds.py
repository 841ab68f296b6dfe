"""Calendar feeds: a URL with a revocable read-only token, for calendar apps that cannot
send a bearer token. It shows its scope (one group, or one instrument) across every
published round, and nothing else; its token is stored only as a digest and never logged
or audited in clear."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import icalendar
import pytest
from sqlalchemy import select

from api.auth.principal import Role
from api.feeds.redaction import redacted
from models.orm import AuditEntry, CalendarFeed
from tests.api import factories
from tests.api import operations_world as world
from tests.api.helpers import Api, Caller, problem

PAST, FUTURE, PENDING = "FEED-PAST", "FEED-NEXT", "FEED-REVIEW"
OTHER_GROUP = "g2"


def _import(runner: Caller, code: str, start: str) -> None:
    """The small instance as round `code`, proposal P-3 submitted by the other group."""
    document = factories.instance_document(code)
    document["round"]["start"] = start
    document["policies"] = []
    runner.ok(
        "POST",
        "/rounds/import",
        201,
        params={"state": "review"},
        content=json.dumps(
            {
                "instance": document,
                "groups": {"P-1": world.GROUP, "P-2": world.GROUP, "P-3": OTHER_GROUP},
            }
        ),
    )


def _world(api: Api) -> Caller:
    """Two published rounds (one past, one to come) and one still in review."""
    coordinator = world.coordinator(api)
    factories.group(api.caller(Role.ADMIN), OTHER_GROUP)
    _import(coordinator, PAST, world.PAST_START)
    _import(coordinator, FUTURE, world.FUTURE_START)
    _import(coordinator, PENDING, "2032-01-05T08:00:00Z")
    world.publish(coordinator, PAST)
    world.publish(coordinator, FUTURE)
    return coordinator


def _holding(runner: Caller, **match: str) -> set[str]:
    """Ids of the holding bookings of the published rounds that match (group, instrument)."""
    found = set()
    for code in (PAST, FUTURE):
        page = runner.ok("GET", f"/rounds/{code}/bookings", params={"limit": 500})
        for booking in page["items"]:
            if booking["status"] in ("awarded", "confirmed") and all(
                booking[key] == value for key, value in match.items()
            ):
                found.add(booking["id"])
    return found


def _events(api: Api, url: str) -> list[Any]:
    response = api.anonymous().get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.text)
    return [component for component in parsed.walk() if component.name == "VEVENT"]


def _uids(events: list[Any]) -> set[str]:
    return {str(event["UID"]).removesuffix("@beamtime") for event in events}


def test_a_group_feed_shows_its_bookings_in_every_published_round_without_a_token(
    api: Api,
) -> None:
    coordinator = _world(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)

    feed = proposer.ok("POST", "/feeds", 201, json={"group": world.GROUP, "name": "our beam"})
    events = _events(api, feed["url"])

    expected = _holding(coordinator, group=world.GROUP)
    assert expected
    assert _uids(events) == expected
    assert feed["url"].endswith(f"/calendar/{feed['token']}.ics")
    assert feed["kind"] == "group"
    assert feed["group"] == world.GROUP


def test_a_declined_booking_leaves_the_feed(api: Api) -> None:
    coordinator = _world(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    feed = proposer.ok("POST", "/feeds", 201, json={"group": world.GROUP})
    declined = sorted(_holding(coordinator, group=world.GROUP))[0]

    proposer.ok("POST", f"/bookings/{declined}/decline")

    assert declined not in _uids(_events(api, feed["url"]))


def test_an_instrument_feed_shows_every_groups_bookings_on_that_instrument_only(
    api: Api,
) -> None:
    coordinator = _world(api)

    feed = coordinator.ok("POST", "/feeds", 201, json={"instrument": "IMPF-B"})
    events = _events(api, feed["url"])

    expected = _holding(coordinator, instrument="IMPF-B")
    assert expected
    assert _uids(events) == expected
    assert {str(e["SUMMARY"]).split(":")[0] for e in events} == {"IMPF-B"}


def test_a_revoked_feed_answers_404(api: Api) -> None:
    _world(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    feed = proposer.ok("POST", "/feeds", 201, json={"group": world.GROUP})
    path = feed["url"].removeprefix("http://testserver")

    revoked = proposer.ok("DELETE", f"/feeds/{feed['id']}")

    assert revoked["revoked_at"] is not None
    problem(api.anonymous().get(path), 404)
    assert proposer.ok("DELETE", f"/feeds/{feed['id']}")["revoked_at"] == revoked["revoked_at"]


def test_a_feed_dies_with_the_token_that_made_it(api: Api) -> None:
    _world(api)
    admin = api.caller(Role.ADMIN)
    issued = admin.ok(
        "POST", "/auth/tokens", 201, json={"name": "g1 member", "role": "proposer", "group": "g1"}
    )
    member = Caller(api.client, issued["token"])
    feed = member.ok("POST", "/feeds", 201, json={"group": world.GROUP})
    path = feed["url"].removeprefix("http://testserver")
    assert api.anonymous().get(path).status_code == 200

    admin.ok("DELETE", f"/auth/tokens/{issued['id']}")

    problem(api.anonymous().get(path), 404)


def test_an_unknown_token_answers_404_like_a_revoked_one(api: Api) -> None:
    _world(api)
    problem(api.anonymous().get("/calendar/btf_not-a-real-token.ics"), 404)
    bearer = api.token(Role.ADMIN)  # an API token is no feed token
    problem(api.anonymous().get(f"/calendar/{bearer}.ics"), 404)


def test_a_feed_token_opens_its_calendar_and_nothing_else(api: Api) -> None:
    _world(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    feed = proposer.ok("POST", "/feeds", 201, json={"group": world.GROUP})

    as_bearer = Caller(api.client, feed["token"])

    problem(as_bearer.get("/me"), 401)
    problem(as_bearer.get(f"/rounds/{FUTURE}/bookings"), 401)


@pytest.mark.parametrize(
    ("role", "scope", "body", "status"),
    [
        (Role.PROPOSER, {"group": world.GROUP}, {"group": OTHER_GROUP}, 404),
        (Role.PROPOSER, {"group": world.GROUP}, {"instrument": "IMPF-A"}, 403),
        (Role.COORDINATOR, {"facilities": (world.FACILITY,)}, {"group": world.GROUP}, 403),
        (Role.COORDINATOR, {"facilities": ("ELSEWHERE",)}, {"instrument": "IMPF-A"}, 403),
        (Role.COORDINATOR, {"facilities": (world.FACILITY,)}, {"instrument": "NONE-1"}, 404),
        (Role.REVIEWER, {"rounds": (FUTURE,)}, {"group": world.GROUP}, 403),
        (Role.ADMIN, {}, {"group": "no-such-group"}, 404),
    ],
)
def test_who_may_make_which_feed(
    api: Api, role: Role, scope: dict[str, Any], body: dict[str, Any], status: int
) -> None:
    _world(api)
    problem(api.caller(role, **scope).post("/feeds", json=body), status)


@pytest.mark.parametrize(
    "body", [{}, {"group": world.GROUP, "instrument": "IMPF-A"}], ids=["neither", "both"]
)
def test_a_feed_names_exactly_one_scope(api: Api, body: dict[str, Any]) -> None:
    _world(api)
    refused = problem(api.caller(Role.ADMIN).post("/feeds", json=body), 422)
    assert [error["path"] for error in refused["errors"]] == ["body.group"]


def test_each_caller_lists_and_revokes_only_the_feeds_it_may_make(api: Api) -> None:
    coordinator = _world(api)
    mine = api.caller(Role.PROPOSER, group=world.GROUP)
    theirs = api.caller(Role.PROPOSER, group=OTHER_GROUP)
    group_feed = mine.ok("POST", "/feeds", 201, json={"group": world.GROUP})
    instrument_feed = coordinator.ok("POST", "/feeds", 201, json={"instrument": "IMPF-A"})
    elsewhere = api.caller(Role.COORDINATOR, facilities=("ELSEWHERE",))

    def listed(caller: Caller) -> set[str]:
        return {feed["id"] for feed in caller.ok("GET", "/feeds")["items"]}

    assert listed(api.caller(Role.ADMIN)) == {group_feed["id"], instrument_feed["id"]}
    assert listed(mine) == {group_feed["id"]}
    assert listed(theirs) == set()
    assert listed(coordinator) == {instrument_feed["id"]}
    assert listed(elsewhere) == set()
    problem(api.caller(Role.REVIEWER, rounds=(FUTURE,)).get("/feeds"), 403)
    problem(theirs.delete(f"/feeds/{group_feed['id']}"), 404)
    problem(coordinator.delete(f"/feeds/{group_feed['id']}"), 404)
    problem(elsewhere.delete(f"/feeds/{instrument_feed['id']}"), 404)
    assert all(
        "token" not in feed and "url" not in feed for feed in mine.ok("GET", "/feeds")["items"]
    )


def test_only_a_digest_is_stored_and_the_audit_log_never_holds_the_token(api: Api) -> None:
    _world(api)
    proposer = api.caller(Role.PROPOSER, group=world.GROUP)
    feed = proposer.ok("POST", "/feeds", 201, json={"group": world.GROUP})
    proposer.ok("DELETE", f"/feeds/{feed['id']}")

    with api.database.transaction() as session:
        row = session.scalars(select(CalendarFeed).where(CalendarFeed.id == feed["id"])).one()
        stored = [str(getattr(row, column.key)) for column in CalendarFeed.__table__.columns]
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.resource_id == feed["id"])
        ).all()

    assert row.token_hash == hashlib.sha256(feed["token"].encode()).hexdigest()
    assert not any(feed["token"] in value for value in stored)
    assert [entry.action for entry in audit] == ["feed.create", "feed.revoke"]
    assert not any(feed["token"] in json.dumps(entry.detail) for entry in audit)


def test_feed_tokens_are_cut_from_the_access_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    _world(api)
    feed = api.caller(Role.PROPOSER, group=world.GROUP).ok(
        "POST", "/feeds", 201, json={"group": world.GROUP}
    )
    path = feed["url"].removeprefix("http://testserver")

    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        # The record uvicorn's access log writes for each request.
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200
        )

    assert caplog.messages
    assert feed["token"] not in caplog.text
    assert redacted(path) in caplog.text
    assert feed["prefix"][:10] in caplog.text
