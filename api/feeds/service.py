"""Who may make, see and revoke which calendar feed, and what a feed shows.

* A group feed shows the group's bookings in every published (or closed) round: made by
  the group's proposers and admins; coordinators and reviewers may not (403), another
  group's answers 404 as a missing one.
* An instrument feed shows every booking on the instrument in those rounds: made by the
  coordinators of its facility and admins (others 403).
* A feed is seen and revoked by whoever may make it; others get 404 (reviewers 403).

A feed shows what its scope would see in the exports: each round's part is the export of
`/rounds/{r}/groups/{g}/schedule.ics` or `/rounds/{r}/instruments/{i}/schedule.ics`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.access import require_roles
from api.auth.principal import Principal, Role
from api.errors import FieldProblem, ForbiddenError, InvalidInputError, NotFoundError
from api.exports.schedule import entries_ics
from api.exports.service import ExportService, Scope
from api.facilities.repository import FacilityRepository
from api.feeds.calendar import combined_calendar
from api.feeds.repository import FeedRepository
from api.feeds.schemas import FeedCreate
from api.feeds.tokens import feed_digest, feed_prefix, new_feed_token
from api.groups.repository import GroupRepository
from api.rounds.states import FEED_STATES
from models.orm import CalendarFeed, FeedKind, utc_now


class FeedService:
    """Calendar feeds, as one caller may make, see and revoke them."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.feeds = FeedRepository(session)

    def create(self, body: FeedCreate) -> tuple[CalendarFeed, str]:
        """Make a feed; returns it with its token (shown this once).

        Raises:
            InvalidInputError: neither or both of `group` and `instrument` (at `body.group`).
            ForbiddenError: the role may not make this kind of feed.
            NotFoundError: no such group or instrument, or another group's.
        """
        if (body.group is None) == (body.instrument is None):
            raise InvalidInputError(
                "a feed shows one group or one instrument",
                errors=[FieldProblem("body.group", "give exactly one of group and instrument")],
            )
        token = new_feed_token()
        feed = CalendarFeed(
            id=str(uuid.uuid4()),
            name=body.name,
            token_hash=feed_digest(token),
            prefix=feed_prefix(token),
            created_by=self.principal.name,
            created_by_token_id=self.principal.token_id,
        )
        if body.group is not None:
            require_roles(self.principal, Role.ADMIN, Role.PROPOSER)
            group = GroupRepository(self.session).by_code(body.group)
            if group is None or not (
                self.principal.is_admin or self.principal.owns_group(body.group)
            ):
                raise NotFoundError(f"no group {body.group}")
            feed.kind, feed.group_id = FeedKind.GROUP.value, group.id
            scope = {"group": group.code}
        else:
            assert body.instrument is not None
            require_roles(self.principal, Role.ADMIN, Role.COORDINATOR)
            instrument = FacilityRepository(self.session).instrument(body.instrument)
            if instrument is None:
                raise NotFoundError(f"no instrument {body.instrument}")
            if not self.principal.coordinates(instrument.facility.code):
                raise ForbiddenError(
                    f"only coordinators of {instrument.facility.code} make feeds of its instruments"
                )
            feed.kind, feed.instrument_id = FeedKind.INSTRUMENT.value, instrument.id
            scope = {"instrument": instrument.code}
        self.feeds.add(feed)
        record(
            self.session,
            self.principal,
            "feed.create",
            "feed",
            feed.id,
            detail={**scope, "name": feed.name, "prefix": feed.prefix},
        )
        return self.get(feed.id), token

    def _may_see(self, feed: CalendarFeed) -> bool:
        if self.principal.is_admin:
            return True
        if feed.group is not None:
            return self.principal.owns_group(feed.group.code)
        if feed.instrument is not None:
            return self.principal.role is Role.COORDINATOR and self.principal.coordinates(
                feed.instrument.facility.code
            )
        return False  # pragma: no cover - the table's CHECK gives every feed a scope

    def get(self, feed_id: str) -> CalendarFeed:
        """One feed the caller may see.

        Raises:
            ForbiddenError: reviewers see no feeds.
            NotFoundError: no such feed, or not the caller's to see.
        """
        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR, Role.PROPOSER)
        feed = self.feeds.by_id(feed_id)
        if feed is None or not self._may_see(feed):
            raise NotFoundError(f"no feed {feed_id}")
        return feed

    def list_visible(self, limit: int, offset: int) -> tuple[Sequence[CalendarFeed], int]:
        """Feeds the caller may see, newest first: an admin all, a proposer its group's, a
        coordinator those of its facilities' instruments.

        Raises:
            ForbiddenError: reviewers see no feeds.
        """
        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR, Role.PROPOSER)
        if self.principal.is_admin:
            return self.feeds.page(limit, offset)
        if self.principal.role is Role.PROPOSER:
            return self.feeds.page(limit, offset, group_code=self.principal.group or "")
        return self.feeds.page(limit, offset, facility_codes=sorted(self.principal.facilities))

    def revoke(self, feed_id: str) -> CalendarFeed:
        """Revoke a feed; its URL stops working at once. Revoking it again changes nothing.

        Raises:
            ForbiddenError, NotFoundError: as for `get`.
        """
        feed = self.get(feed_id)
        if feed.revoked_at is None:
            feed.revoked_at = utc_now()
            record(
                self.session,
                self.principal,
                "feed.revoke",
                "feed",
                feed.id,
                detail={"prefix": feed.prefix},
            )
        return feed


def feed_calendar(session: Session, token: str) -> str:
    """The calendar a feed token opens: its scope's events in every published round.

    Raises:
        NotFoundError: the token is unknown, revoked, or made by a token since revoked.
    """
    feed = FeedRepository(session).live_by_digest(feed_digest(token))
    if feed is None:
        raise NotFoundError("no such calendar feed")
    reader, scope, title = _reader(feed)
    rounds = FeedRepository(session).rounds_with_bookings(
        sorted(state.value for state in FEED_STATES),
        group_id=feed.group_id,
        instrument_id=feed.instrument_id,
    )
    exports = ExportService(session, reader)
    parts = []
    for round_ in rounds:
        _, _, rows = exports.entries(round_.code, scope)
        parts.append(entries_ics(round_, rows, title))
    return combined_calendar(feed.name or title, parts)


def _reader(feed: CalendarFeed) -> tuple[Principal, Scope, str]:
    """Whom the feed reads as (a proposer of its group, or a coordinator of its instrument's
    facility), at which scope, under which title; the export service's own rules then
    decide what it sees."""
    token_id, name = f"feed:{feed.id}", "calendar feed"
    if feed.group is not None:
        code = feed.group.code
        reader = Principal(token_id=token_id, name=name, role=Role.PROPOSER, group=code)
        return reader, Scope(group=code), f"beamtime: {code}"
    assert feed.instrument is not None  # the table's CHECK gives every feed one scope
    facility = feed.instrument.facility.code
    reader = Principal(
        token_id=token_id, name=name, role=Role.COORDINATOR, facilities=frozenset({facility})
    )
    return reader, Scope(instrument=feed.instrument.code), f"beamtime: {feed.instrument.code}"
