"""Rules for outages: the round's coordinators record them on a published round; each
booking hit keeps its block and is marked with its lost shifts, in the same transaction,
and the outage closes its instruments (a closed period), so the next export of any round
closes that time."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.errors import FieldProblem, ForbiddenError, InvalidInputError
from api.outages.losses import Hit, find_hits, mark_losses
from api.outages.repository import OutageRepository
from api.outages.schemas import LostShiftsRead, OutageCreate
from api.rounds.access import can_run
from api.rounds.calendar import shift_start
from api.rounds.lifecycle import require_state
from api.rounds.repository import RoundRepository
from api.rounds.service import get_run_round, get_visible_round
from api.rounds.states import RoundAction, states_allowing
from models.orm import BookingLoss, ClosedPeriod, Instrument, Outage, Round

OUTAGE_STATES = states_allowing(RoundAction.RECORD_OUTAGE)
"""Outages are recorded against a published schedule."""


def lost_read(round_: Round, loss: BookingLoss) -> LostShiftsRead:
    """A loss's view (its booking's group and instrument loaded)."""
    return LostShiftsRead(
        booking=loss.booking_id,
        group=loss.booking.group.code,
        instrument=loss.booking.instrument.code,
        start=loss.start,
        length=loss.length,
        starts_at=shift_start(round_, loss.start),
        ends_at=shift_start(round_, loss.start + loss.length),
        cause=loss.cause,
        outage=loss.outage_id,
    )


def hit_read(hit: Hit, cause: str, outage_id: int) -> LostShiftsRead:
    """What one booking lost to a new outage."""
    return LostShiftsRead(
        booking=hit.booking.id,
        group=hit.booking.group.code,
        instrument=hit.booking.instrument.code,
        start=hit.start,
        length=hit.end - hit.start,
        starts_at=shift_start(hit.booking.round, hit.start),
        ends_at=shift_start(hit.booking.round, hit.end),
        cause=cause,
        outage=outage_id,
    )


class OutageService:
    """Outages and lost shifts, as seen and recorded by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.outages = OutageRepository(session)

    def preview(self, round_code: str, body: OutageCreate) -> tuple[Round, list[Hit]]:
        """What recording the outage would take from the bookings, without recording it
        (the confirmation page shows it).

        Raises:
            The same errors as `record`.
        """
        round_, instruments = self._checked(round_code, body)
        hits = find_hits(self.session, [i.id for i in instruments], body.starts_at, body.ends_at)
        return round_, hits

    def _checked(self, round_code: str, body: OutageCreate) -> tuple[Round, list[Instrument]]:
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, OUTAGE_STATES, "recording an outage")
        problems = []
        if body.ends_at <= body.starts_at:
            problems.append(FieldProblem("body.ends_at", "must be after starts_at"))
        instruments = {
            instrument.code: instrument
            for facility in RoundRepository(self.session).facilities_with_calendars(round_)
            for instrument in facility.instruments
        }
        problems += [
            FieldProblem(f"body.instruments[{i}]", f"{code} is not an instrument of the round")
            for i, code in enumerate(body.instruments)
            if code not in instruments
        ]
        if problems:
            raise InvalidInputError("the outage does not fit the round", errors=problems)
        return round_, [instruments[code] for code in dict.fromkeys(body.instruments)]

    def record(self, round_code: str, body: OutageCreate) -> tuple[Outage, list[Hit]]:
        """Record an outage on a published round and mark the bookings it hits.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError: not published.
            InvalidInputError: an instrument not of the round, or an empty period.
        """
        round_, hit_instruments = self._checked(round_code, body)
        outage = self.outages.add(
            Outage(
                round_id=round_.id,
                starts_at=body.starts_at,
                ends_at=body.ends_at,
                cause=body.cause,
                recorded_by=self.principal.name,
                instruments=hit_instruments,
            )
        )
        for instrument in hit_instruments:
            self.session.add(
                ClosedPeriod(
                    instrument_id=instrument.id,
                    starts_at=body.starts_at,
                    ends_at=body.ends_at,
                    reason=f"outage: {body.cause}",
                )
            )
        hits = mark_losses(
            self.session,
            [instrument.id for instrument in hit_instruments],
            body.starts_at,
            body.ends_at,
            body.cause,
            outage.id,
        )
        record(
            self.session,
            self.principal,
            "outage.create",
            "outage",
            str(outage.id),
            round_code=round_code,
            detail={
                "instruments": list(dict.fromkeys(body.instruments)),
                "starts_at": body.starts_at.isoformat(),
                "ends_at": body.ends_at.isoformat(),
                "lost": [[hit.booking.id, hit.start, hit.end] for hit in hits],
            },
        )
        return outage, hits

    def list_of_round(self, round_code: str) -> tuple[Round, Sequence[Outage]]:
        """A round's outages (its coordinators and admins).

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        return round_, self.outages.of_round(round_.id)

    def losses_visible(self, round_code: str) -> tuple[Round, Sequence[BookingLoss]]:
        """A round's lost shifts: all for its coordinators, a proposer's own group's.

        Raises:
            NotFoundError, ForbiddenError: reviewers.
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        runs = can_run(self.principal, round_)
        if not runs and self.principal.role is not Role.PROPOSER:
            raise ForbiddenError("reviewers do not see bookings")
        group = None if runs else self.principal.group
        return round_, self.outages.losses_of_round(round_.id, group)
