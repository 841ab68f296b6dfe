"""`/feeds` (making, listing, revoking feeds) and `/calendar/{token}.ics` (the feed itself)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from api.deps import CurrentPrincipal, SessionDep
from api.feeds.schemas import FeedCreate, FeedCreated, FeedRead
from api.feeds.service import FeedService, feed_calendar
from api.headers import location
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute
from models.orm import CalendarFeed, FeedKind

router = APIRouter(route_class=TransactionalRoute, tags=["calendar feeds"])


def _read(feed: CalendarFeed) -> FeedRead:
    return FeedRead(
        id=feed.id,
        kind=FeedKind(feed.kind),
        group=feed.group.code if feed.group else None,
        instrument=feed.instrument.code if feed.instrument else None,
        name=feed.name,
        prefix=feed.prefix,
        created_at=feed.created_at,
        created_by=feed.created_by,
        revoked_at=feed.revoked_at,
    )


@router.get(
    "/feeds",
    response_model=Page[FeedRead],
    summary="List calendar feeds",
    responses=problem_responses(403),
)
def list_feeds(session: SessionDep, principal: CurrentPrincipal, page: PageDep) -> Page[FeedRead]:
    """Feeds the caller may see, newest first, without their tokens: an admin all, a
    proposer its group's, a coordinator its facilities' instruments'."""
    rows, total = FeedService(session, principal).list_visible(page.limit, page.offset)
    return Page.of([_read(row) for row in rows], total, page)


@router.post(
    "/feeds",
    response_model=FeedCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Make a calendar feed",
    responses=problem_responses(403, 404),
)
def create_feed(
    body: FeedCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> FeedCreated:
    """A feed of one group's bookings (its proposers, admins) or of one instrument's
    (coordinators of its facility, admins). Its token and URL are in this response only."""
    feed, token = FeedService(session, principal).create(body)
    response.headers["Location"] = location("feeds", feed.id)
    url = str(request.url_for("feed_calendar", feed_token=token))
    return FeedCreated(**_read(feed).model_dump(), token=token, url=url)


@router.delete(
    "/feeds/{feed_id}",
    response_model=FeedRead,
    summary="Revoke a calendar feed",
    responses=problem_responses(403, 404),
)
def revoke_feed(feed_id: str, session: SessionDep, principal: CurrentPrincipal) -> FeedRead:
    """Revoke a feed; its URL answers 404 from now on. Revoking it again changes nothing."""
    return _read(FeedService(session, principal).revoke(feed_id))


@router.get(
    "/calendar/{feed_token}.ics",
    name="feed_calendar",
    summary="A calendar feed",
    response_class=Response,
    responses={
        200: {
            "content": {"text/calendar": {"schema": {"type": "string"}}},
            "description": "An RFC 5545 calendar: the feed's bookings in every published round.",
        },
        **problem_responses(404),
    },
)
def read_feed(feed_token: str, session: SessionDep) -> Response:
    """The feed's calendar, for calendar apps: the token in the URL is the only credential
    (no bearer token needed). A revoked or unknown token answers 404."""
    return Response(
        feed_calendar(session, feed_token),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )
