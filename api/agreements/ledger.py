"""The ledger of a standing agreement: the time each side received, round by round.

Computed from the bookings every time, so it is always true. For a reciprocity between
`A` and `B`, side `A` is the time A's scientists received at facilities hosted by `B`
(and the other way round); for a contribution share, each country's time at the
agreement's facilities. A booking counts for a country in proportion to the country's
share of the proposal, and each of its shifts is exactly one of:

* `declined` / `cancelled`: the booking's status says so (every shift of it, except the
  lost shifts of a booking an accepted re-plan dropped: they stay `lost`);
* `lost`: taken by an outage or a closed period added after publishing (a booking that
  an accepted re-plan moved off its lost shifts still counts them: the outage took
  them, and the time it got back elsewhere counts as delivered or scheduled);
* `delivered`: ended before now;
* `scheduled`: still to come.

What a round carries in from earlier rounds (a reciprocity's `credit`, a contribution's
`history`) is the agreement's own time obtained before beamtime plus the delivered and
scheduled time of every round it covered that started earlier: lost, declined and
cancelled time was never received.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from api.agreements.ledger_repository import LedgerRepository
from api.rounds.calendar import shift_start
from models.orm import Booking, BookingStatus, Round, StandingAgreement

CATEGORIES = ("delivered", "lost", "scheduled", "declined", "cancelled")
"""How a booked shift ended up, in the order the ledger shows them."""

RECEIVED = ("delivered", "scheduled")
"""The categories a later round counts as received."""


@dataclass
class SideTime:
    """One side's time in one round, per category (shifts, share-weighted)."""

    by_category: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0.0))

    def add(self, category: str, shifts: float) -> None:
        """Count `shifts` more in `category`."""
        self.by_category[category] += shifts

    @property
    def received(self) -> float:
        """Delivered and scheduled time (shifts)."""
        return sum(self.by_category[category] for category in RECEIVED)


@dataclass
class RoundEntry:
    """What one round gave each side of an agreement."""

    round_: Round
    sides: dict[str, SideTime]


def covers(agreement: StandingAgreement, round_: Round) -> bool:
    """Whether a round takes the agreement: in force at its start, about its facilities."""
    if round_.start < agreement.in_force_from:
        return False
    if agreement.in_force_until is not None and round_.start >= agreement.in_force_until:
        return False
    return bool(_sides_facilities(agreement, round_))


def _sides_facilities(agreement: StandingAgreement, round_: Round) -> dict[str, set[str]]:
    """For each side the agreement names, the round's facilities where its time counts."""
    if agreement.kind == "reciprocity":
        first, second = agreement.terms["countries"]
        hosted: dict[str, set[str]] = {first: set(), second: set()}
        for facility in round_.facilities:
            if facility.host_country.code in hosted:
                hosted[facility.host_country.code].add(facility.code)
        sides = {first: hosted[second], second: hosted[first]}
        return sides if any(sides.values()) else {}
    facilities = set(agreement.terms["facilities"]) & {f.code for f in round_.facilities}
    return {"*": facilities} if facilities else {}


def _category(booking: Booking, round_: Round, shift: int, lost: set[int], now: datetime) -> str:
    if booking.status == BookingStatus.DECLINED:
        return "declined"
    if booking.status == BookingStatus.CANCELLED:
        # A re-plan drops what the outage took: those shifts stay lost.
        dropped = booking.cancel_reason is not None
        return "lost" if dropped and shift in lost else "cancelled"
    if shift in lost:
        return "lost"
    return "delivered" if shift_start(round_, shift + 1) <= now else "scheduled"


def round_entry(
    agreement: StandingAgreement,
    round_: Round,
    bookings: Iterable[Booking],
    lost: dict[str, set[int]],
    now: datetime,
) -> RoundEntry:
    """The agreement's time in one round, from that round's bookings."""
    where = _sides_facilities(agreement, round_)
    named = (
        list(agreement.terms["countries"])
        if agreement.kind == "reciprocity"
        else list(agreement.terms["shares"])
    )
    sides = {country: SideTime() for country in named}
    for booking in bookings:
        facility = booking.instrument.facility.code
        for share in booking.request.proposal.shares:
            country = share.country.code
            counted = where.get(country if agreement.kind == "reciprocity" else "*", set())
            if facility not in counted:
                continue
            side = sides.setdefault(country, SideTime())
            own_lost = lost.get(booking.id, set())
            for shift in range(booking.start, booking.start + booking.length):
                category = _category(booking, round_, shift, own_lost, now)
                side.add(category, share.share)
            for _ in own_lost - set(range(booking.start, booking.start + booking.length)):
                side.add("lost", share.share)  # moved off by an accepted re-plan
    return RoundEntry(round_, sides)


def ledger_entries(
    session: Session, agreement: StandingAgreement, now: datetime
) -> list[RoundEntry]:
    """Every round the agreement covered, by start, with each side's time."""
    repository = LedgerRepository(session)
    rounds = [
        round_
        for round_ in repository.rounds_starting_in(
            agreement.in_force_from, agreement.in_force_until
        )
        if covers(agreement, round_)
    ]
    bookings = repository.bookings_of_rounds([round_.id for round_ in rounds])
    lost = repository.lost_shifts([booking.id for booking in bookings])
    by_round: dict[int, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_round[booking.round_id].append(booking)
    return [round_entry(agreement, r, by_round[r.id], lost, now) for r in rounds]


def carried_in(
    entries: Sequence[RoundEntry], agreement: StandingAgreement, round_: Round
) -> dict[str, float]:
    """Time each country carries into `round_`: the agreement's own `credit` (reciprocity)
    or `history` (contribution), plus what earlier rounds delivered or scheduled (shifts,
    rounded to the format's 4 decimals)."""
    own_field = "credit" if agreement.kind == "reciprocity" else "history"
    totals: dict[str, float] = defaultdict(float)
    for country, shifts in (agreement.terms.get(own_field) or {}).items():
        totals[country] += shifts
    for entry in entries:
        if entry.round_.start < round_.start and entry.round_.id != round_.id:
            for country, side in entry.sides.items():
                totals[country] += side.received
    return {country: round(value, 4) for country, value in sorted(totals.items())}
