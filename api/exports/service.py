"""Which schedule a caller may export, at which scope (round, instrument, group).

* The round's coordinators and admins: everything, from the accepted allocation
  before publication and from the bookings after.
* A proposer: its group's entries of a published round only; another group's
  scope answers 404, like a missing one.
* Reviewers: nothing (403).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from api.allocations.repository import AllocationRepository
from api.auth.principal import Principal, Role
from api.bookings.repository import BookingRepository
from api.errors import ForbiddenError, NotFoundError
from api.exports.cache import ExportCacheRepository, ExportKey, Remember, cached, forget
from api.exports.disclosure import disclosed
from api.exports.ledger_figures import with_ledger_returns
from api.exports.policy_view import PolicyViews
from api.exports.published import published_solution
from api.exports.reports import CountryReport, country_report
from api.exports.repository import ExportRepository
from api.exports.schedule import ScheduleEntry
from api.groups.repository import GroupRepository
from api.rounds.access import can_run
from api.rounds.service import get_visible_round
from api.rounds.states import RoundAction, states_allowing
from models.exchange import Solution, dump_document, parse_solution
from models.orm import (
    HOLDING_STATUSES,
    Allocation,
    CutoffDisclosure,
    Round,
)

PUBLISHED_STATES = states_allowing(RoundAction.SHOW_PUBLISHED)


def _scores(instance_json: str) -> dict[str, float]:
    """Each proposal's score in an instance snapshot (validated when it was stored, so read
    without parsing the whole document again)."""
    proposals: list[dict[str, Any]] = json.loads(instance_json)["proposals"]
    return {proposal["id"]: float(proposal["score"]) for proposal in proposals}


@dataclass(frozen=True)
class Scope:
    """A part of a round's schedule: all of it, one instrument's, or one group's."""

    instrument: str | None = None
    group: str | None = None

    @property
    def label(self) -> str:
        """A short name for file names and calendar titles."""
        return self.instrument or self.group or "all"


class ExportService:
    """Schedules and reports, as one caller may export them."""

    def __init__(
        self,
        session: Session,
        principal: Principal,
        *,
        remember: Remember = forget,
        policy_views: PolicyViews | None = None,
    ) -> None:
        """`remember` stores the exports computed on a cache miss (`api.exports.cache`);
        `policy_views` keeps the country report's stand-ins (the app's; none: built afresh
        for this service alone)."""
        self.session = session
        self.principal = principal
        self.remember = remember
        self.policy_views = policy_views if policy_views is not None else PolicyViews()

    def _round(self, round_code: str, scope: Scope) -> tuple[Round, Scope, bool]:
        round_ = get_visible_round(self.session, self.principal, round_code)
        runs = can_run(self.principal, round_)
        if not runs and self.principal.role is not Role.PROPOSER:
            raise ForbiddenError("reviewers do not export schedules")
        if scope.instrument is not None:
            instrument = ExportRepository(self.session).instrument(scope.instrument)
            if instrument is None or instrument.facility_id not in {
                f.id for f in round_.facilities
            }:
                raise NotFoundError(f"no instrument {scope.instrument} in round {round_code}")
        if scope.group is not None and (
            (not runs and not self.principal.owns_group(scope.group))
            or GroupRepository(self.session).by_code(scope.group) is None
        ):
            raise NotFoundError(f"no group {scope.group}")
        if not runs:
            if round_.state not in PUBLISHED_STATES:
                raise NotFoundError(f"round {round_code} has no published schedule yet")
            scope = Scope(instrument=scope.instrument, group=self.principal.group)
        return round_, scope, runs

    def _accepted(self, round_: Round) -> Allocation:
        """The accepted allocation's documents (its awards are not loaded)."""
        allocation = AllocationRepository(self.session).accepted_document(round_.id)
        if allocation is None:
            raise NotFoundError(f"round {round_.code} has no allocation yet")
        return allocation

    def _accepted_key(self, round_: Round, kind: str) -> ExportKey:
        """The cache key of an export of the round's accepted allocation, as it is now.

        Raises:
            NotFoundError: the round has no accepted allocation.
        """
        fingerprint = ExportCacheRepository(self.session).fingerprint(round_)
        allocation_id = ExportRepository(self.session).accepted_allocation_id(round_.id)
        if allocation_id is None:
            raise NotFoundError(f"round {round_.code} has no allocation yet")
        return ExportKey(allocation_id, kind, fingerprint)

    def entries(
        self,
        round_code: str,
        scope: Scope,
        *,
        shifts: tuple[int, int] | None = None,
        withdrawn: bool = False,
    ) -> tuple[Round, Scope, list[ScheduleEntry]]:
        """The schedule rows the caller may export at `scope` (only blocks that overlap
        `shifts`, `[first, end)`, if given; with `withdrawn`, a published round's declined
        and cancelled bookings too, for calendars to remove them).

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_, scope, _ = self._round(round_code, scope)
        facilities = ExportRepository(self.session).facilities(f.id for f in round_.facilities)
        if round_.state in PUBLISHED_STATES:
            bookings, _ = BookingRepository(self.session).page(
                round_.id,
                1_000_000,
                0,
                group_code=scope.group,
                instrument_code=scope.instrument,
                statuses=None if withdrawn else [s.value for s in HOLDING_STATUSES],
                shifts=shifts,
            )
            rows = [
                ScheduleEntry(
                    proposal=b.request.proposal.code,
                    title=b.request.proposal.title,
                    group=b.group.code,
                    request=b.request.code,
                    facility=facilities[b.instrument.facility_id].code,
                    facility_name=facilities[b.instrument.facility_id].name,
                    instrument=b.instrument.code,
                    instrument_name=b.instrument.name,
                    start=b.start,
                    length=b.length,
                    status=b.status,
                    booking=b.id,
                    changed_at=b.updated_at,
                    version=b.version,
                )
                for b in bookings
            ]
        else:
            allocation = AllocationRepository(self.session).accepted(round_.id)
            if allocation is None:
                raise NotFoundError(f"round {round_.code} has no allocation yet")
            stamp = allocation.accepted_at or allocation.created_at
            rows = [
                ScheduleEntry(
                    proposal=award.request.proposal.code,
                    title=award.request.proposal.title,
                    group=award.request.proposal.group.code,
                    request=award.request.code,
                    facility=award.instrument.facility.code,
                    facility_name=award.instrument.facility.name,
                    instrument=award.instrument.code,
                    instrument_name=award.instrument.name,
                    start=start,
                    length=length,
                    status="allocated",
                    booking=None,
                    changed_at=stamp,
                )
                for award in allocation.awards
                for start, length in award.blocks
                if (scope.instrument is None or award.instrument.code == scope.instrument)
                and (scope.group is None or award.request.proposal.group.code == scope.group)
                and (shifts is None or (start < shifts[1] and shifts[0] < start + length))
            ]
        rows.sort(key=lambda e: (e.instrument, e.start, e.request))
        return round_, scope, rows

    def solution(self, round_code: str, scope: Scope) -> str:
        """The accepted allocation's solution document, cut down to `scope`.

        Before publication the whole round's document is the one the checker accepted;
        once published it is derived from the bookings (`api.exports.published`). A
        cut-down one keeps the assignments (and, for a group, the decisions) of the
        scope, and no policies.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_, scope, runs = self._round(round_code, scope)
        published = round_.state in PUBLISHED_STATES
        if scope.instrument is None and scope.group is None and not published:
            return self._accepted(round_).solution_json  # stored as the checker accepted it
        view = "full" if runs else "disclosed"
        kind = f"solution:{view}:{scope.instrument or ''}:{scope.group or ''}"
        key = self._accepted_key(round_, kind)
        return cached(
            self.session,
            key,
            lambda: self._solution_document(round_, scope, runs=runs, published=published),
            self.remember,
        )

    def _solution_document(
        self, round_: Round, scope: Scope, *, runs: bool, published: bool
    ) -> str:
        allocation = self._accepted(round_)
        solution = parse_solution(allocation.solution_json)
        if published:
            exports = ExportRepository(self.session)
            solution = published_solution(
                solution, exports.booked_blocks(round_.id), exports.request_facts(round_.id)
            )
        if scope.instrument is not None or scope.group is not None:
            solution = self._cut(round_, solution, scope)
        if not runs:  # a proposer: the round decides what it learns of others' scores
            disclosure = CutoffDisclosure(round_.cutoff_disclosure)
            solution = disclosed(solution, disclosure, _scores(allocation.instance_json))
        return dump_document(solution)

    def used_blocks(self, round_code: str) -> tuple[Round, list[tuple[str, int, int]]]:
        """Every block of the round's schedule as (instrument, start, length): the bookings
        that hold time once published, else the accepted allocation's awards.

        Raises:
            NotFoundError: no allocation yet. ForbiddenError: not the round's coordinators
                (the use of every instrument is theirs to see).
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        if not can_run(self.principal, round_):
            raise ForbiddenError("only the round's coordinators see the use of every instrument")
        exports = ExportRepository(self.session)
        if round_.state in PUBLISHED_STATES:
            return round_, exports.held_blocks(round_.id)
        allocation_id = exports.accepted_allocation_id(round_.id)
        if allocation_id is None:
            raise NotFoundError(f"round {round_.code} has no allocation yet")
        return round_, exports.awarded_blocks(allocation_id)

    def decisions_key(self, round_code: str) -> tuple[Round, ExportKey, bool]:
        """The round, the cache key of the decision rows the caller may see (all, or a
        proposer's group's once published) and whether the caller runs the round.

        Raises:
            NotFoundError, ForbiddenError (reviewers).
        """
        round_, scope, runs = self._round(round_code, Scope())
        view = "full" if runs else f"disclosed:{scope.group or ''}"
        return round_, self._accepted_key(round_, f"decisions:{view}"), runs

    def _cut(self, round_: Round, solution: Solution, scope: Scope) -> Solution:
        exports = ExportRepository(self.session)
        group_of = exports.proposal_groups(round_.id)
        group_id = None
        if scope.group is not None:
            group = GroupRepository(self.session).by_code(scope.group)
            group_id = group.id if group else -1
        request_proposal = exports.request_proposals(round_.id)

        def keep_proposal(code: str) -> bool:
            return group_id is None or group_of.get(code) == group_id

        assignments = tuple(
            a
            for a in solution.assignments
            if (scope.instrument is None or a.instrument == scope.instrument)
            and keep_proposal(request_proposal.get(a.request, ""))
        )
        kept = {request_proposal.get(a.request) for a in assignments}
        decisions = tuple(
            d
            for d in solution.decisions
            if keep_proposal(d.proposal) and (scope.instrument is None or d.proposal in kept)
        )
        return solution.model_copy(
            update={"assignments": assignments, "decisions": decisions, "policies": ()}
        )

    def country_report(self, round_code: str) -> CountryReport:
        """Time against entitlement per contribution policy and reciprocity balances.

        Raises:
            NotFoundError, ForbiddenError (only the round's coordinators and admins).
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        if not can_run(self.principal, round_):
            raise ForbiddenError("only the round's coordinators read the country report")
        key = self._accepted_key(round_, "country-report")
        body = cached(
            self.session,
            key,
            lambda: self._country_report(round_, key.allocation_id).model_dump_json(),
            self.remember,
        )
        return CountryReport.model_validate_json(body)

    def _country_report(self, round_: Round, allocation_id: str) -> CountryReport:
        view = self.policy_views.of(allocation_id, lambda: self._accepted(round_).instance_json)
        if round_.state in PUBLISHED_STATES:
            held = BookingRepository(self.session).held_shifts(
                round_.id, [s.value for s in HOLDING_STATUSES]
            )
            source = "bookings"
        else:
            held = AllocationRepository(self.session).awarded_shifts(allocation_id)
            source = "allocation"
        return with_ledger_returns(
            self.session, round_, country_report(view.instance, view.awards(held), source)
        )
