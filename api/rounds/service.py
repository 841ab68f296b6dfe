"""Rules for rounds: who sees and runs them, how they are set up and move through states."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.claims import claim_unique
from api.concurrency import check_version
from api.errors import (
    AlreadyExistsError,
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    LifecycleConflictError,
    NotFoundError,
)
from api.facilities.repository import FacilityRepository
from api.rounds.access import can_see, require_runner, round_filter
from api.rounds.lifecycle import require_transition
from api.rounds.repository import Lock, RoundRepository
from api.rounds.schemas import RoundCreate, RoundTransition, RoundUpdate
from api.rounds.states import RoundAction, allows
from models.orm import Facility, Round, RoundState


def get_visible_round(
    session: Session, principal: Principal, code: str, *, lock: Lock = None
) -> Round:
    """The round `code` if the caller may see it.

    Raises:
        NotFoundError: no such round, or one the caller may not see (the same answer).
    """
    round_ = RoundRepository(session).by_code(code, lock=lock)
    if round_ is None or not can_see(principal, round_):
        raise NotFoundError(f"no round {code}")
    return round_


def get_run_round(session: Session, principal: Principal, code: str, *, lock: Lock = None) -> Round:
    """The round `code` if the caller runs it (admin or one of its coordinators).

    Raises:
        NotFoundError: not visible to the caller.
        ForbiddenError: visible (e.g. to its reviewer) but not run by the caller.
    """
    round_ = get_visible_round(session, principal, code, lock=lock)
    require_runner(principal, round_)
    return round_


class RoundService:
    """Rounds, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.rounds = RoundRepository(session)

    def list_visible(self, limit: int, offset: int) -> tuple[Sequence[Round], int]:
        """The rounds the caller may see."""
        return self.rounds.page(round_filter(self.principal), limit, offset)

    def get(self, code: str) -> Round:
        """One visible round.

        Raises:
            NotFoundError: missing or not visible.
        """
        return get_visible_round(self.session, self.principal, code)

    def _facilities(self, codes: list[str]) -> list[Facility]:
        found = FacilityRepository(self.session).facilities_by_codes(codes)
        problems = [
            FieldProblem(f"facilities[{i}]", f"no facility {code}")
            for i, code in enumerate(codes)
            if code not in found
        ]
        if problems:
            raise InvalidInputError("unknown facilities", errors=problems)
        outside = sorted(code for code in codes if not self.principal.coordinates(code))
        if outside:
            raise ForbiddenError(f"you do not coordinate {', '.join(outside)}")
        return [found[code] for code in dict.fromkeys(codes)]

    def create(self, body: RoundCreate) -> Round:
        """Set up a round in `draft` (admins, or coordinators of every listed facility).

        Raises:
            ForbiddenError, AlreadyExistsError, InvalidInputError.
        """
        if not self.principal.coordinates_any(set(body.facilities)):
            raise ForbiddenError("only admins and the facilities' coordinators set up rounds")
        facilities = self._facilities(body.facilities)
        if self.rounds.by_code(body.code) is not None:
            raise AlreadyExistsError(f"round {body.code} exists")
        _check_calendar_end(body.start, body.shift_hours, body.n_shifts)
        with claim_unique(self.session, f"round {body.code} exists"):
            round_ = self.rounds.add(
                Round(
                    code=body.code,
                    name=body.name,
                    start=body.start,
                    shift_hours=body.shift_hours,
                    n_shifts=body.n_shifts,
                    state=RoundState.DRAFT.value,
                    facilities=facilities,
                    cutoff_disclosure=body.cutoff_disclosure.value,
                )
            )
        record(
            self.session,
            self.principal,
            "round.create",
            "round",
            round_.code,
            round_code=round_.code,
            detail={"facilities": body.facilities},
        )
        return round_

    def update(self, code: str, body: RoundUpdate, version: int) -> Round:
        """Change a round; its calendar and facilities only while it is a draft.

        Raises:
            NotFoundError, ForbiddenError, PreconditionFailedError,
            LifecycleConflictError, InvalidInputError.
        """
        round_ = get_run_round(self.session, self.principal, code, lock="update")
        check_version(round_.version, version)
        calendar = body.model_dump(exclude_unset=True, exclude={"name", "cutoff_disclosure"})
        if calendar and not allows(round_.state, RoundAction.CHANGE_CALENDAR):
            raise LifecycleConflictError(
                f"the calendar and facilities of {code} are fixed once it leaves draft"
            )
        if body.name is not None:
            round_.name = body.name
        if body.cutoff_disclosure is not None:
            round_.cutoff_disclosure = body.cutoff_disclosure.value
        if body.start is not None:
            round_.start = body.start
        if body.shift_hours is not None:
            round_.shift_hours = body.shift_hours
        if body.n_shifts is not None:
            round_.n_shifts = body.n_shifts
        if body.facilities is not None:
            round_.facilities = self._facilities(body.facilities)
        _check_calendar_end(round_.start, round_.shift_hours, round_.n_shifts)
        if body.n_shifts is not None or body.facilities is not None:
            _check_stored_requests(self.session, round_)
        self.session.flush()
        record(
            self.session,
            self.principal,
            "round.update",
            "round",
            code,
            round_code=code,
            detail=body.model_dump(mode="json", exclude_unset=True),
        )
        return round_

    def transition(self, code: str, body: RoundTransition, version: int | None) -> Round:
        """Move a round to another state; `published` creates its bookings atomically.

        Raises:
            NotFoundError, ForbiddenError, PreconditionFailedError (stale If-Match),
            LifecycleConflictError.
        """
        round_ = get_run_round(self.session, self.principal, code, lock="update")
        if version is not None:
            check_version(round_.version, version)
        target = RoundState(body.to)
        require_transition(round_.state, target)
        previous = round_.state
        if target is RoundState.PUBLISHED:
            from api.bookings.publishing import publish_round

            publish_round(self.session, round_)
        round_.state = target
        self.session.flush()
        record(
            self.session,
            self.principal,
            f"round.{target.value}",
            "round",
            code,
            round_code=code,
            detail={"from": previous, "to": target.value},
        )
        return round_


class RoundDocuments:
    """A round as a `beamtime-instance/1` document: exported, or imported as a new round."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def export(self, code: str) -> str:
        """The round as instance JSON (its coordinators and admins).

        Raises:
            NotFoundError, ForbiddenError, RoundInconsistentError.
        """
        from api.rounds.instance import export_instance
        from models.exchange import dump_document

        round_ = get_run_round(self.session, self.principal, code)
        return dump_document(export_instance(self.session, round_))

    def import_document(
        self, raw: bytes, group: str, state: RoundState, groups: dict[str, str] | None = None
    ) -> Round:
        """Create a round, and everything it needs, from an instance document (or an import
        body with a mapping of proposals to research groups, see `parse_import_body`).

        Args:
            group: the research group of the proposals no mapping names.
            groups: research group codes by proposal id (merged over the body's mapping).

        Raises:
            ForbiddenError: not an admin or coordinator of every facility of the document.
            InvalidDocumentError: every problem of the document, with its JSON path.
            AlreadyExistsError: the round id is taken.
            LifecycleConflictError: `state` is not draft, open or review.
        """
        from api.auth.access import require_roles
        from api.auth.principal import Role
        from api.rounds.importer import IMPORT_STATES, InstanceImporter, parse_import_body

        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR)
        if state not in IMPORT_STATES:
            raise LifecycleConflictError(
                f"an imported round starts in draft, open or review, not {state.value}"
            )
        instance, mapped = parse_import_body(raw)
        mapped.update(groups or {})
        return InstanceImporter(self.session, self.principal).run(instance, group, state, mapped)


def _check_stored_requests(session: Session, round_: Round) -> None:
    """The round's requests still obey the format after a change of its length or
    facilities (a draft may hold imported proposals).

    Raises:
        InvalidInputError: naming each request that the change would break.
    """
    from api.proposals.repository import ProposalRepository
    from models.exchange.rules import request_problems

    facility_ids = {facility.id for facility in round_.facilities}
    problems: list[FieldProblem] = []
    for request in ProposalRepository(session).requests_of_round(round_.id):
        problems.extend(
            FieldProblem("body.n_shifts", f"request {request.code}: {problem}")
            for problem in request_problems(request, round_.n_shifts)
        )
        outside = [
            alternative.instrument.code
            for alternative in request.alternatives
            if alternative.instrument.facility_id not in facility_ids
        ]
        if outside:
            problems.append(
                FieldProblem(
                    "body.facilities",
                    f"request {request.code} asks for {', '.join(outside)}, outside the round",
                )
            )
    if problems:
        raise InvalidInputError("the change would break stored requests", errors=problems)


def _check_calendar_end(start: object, shift_hours: int, n_shifts: int) -> None:
    from datetime import datetime

    if not isinstance(start, datetime):  # pragma: no cover - typed callers
        return
    try:
        start + timedelta(hours=shift_hours * n_shifts)
    except OverflowError:
        raise InvalidInputError(
            "the round ends after the last representable date",
            errors=[FieldProblem("n_shifts", "the round would end after the year 9999")],
        ) from None
