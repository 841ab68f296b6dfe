"""What accepting a re-plan does to the bookings: the one home of the rule that turns a
candidate into booking changes.

Per request, against its holding bookings' parts from `now` on:

1. a booking whose part from `now` on is exactly a candidate block (same instrument) is
   kept as it is;
2. a booking with a candidate block inside that part (same instrument) is *shortened*
   to it;
3. the remaining bookings and candidate blocks are paired in start order: the booking
   *moves* to the block (it keeps its id);
4. a booking left over is *dropped* (cancelled); a block left over is a *new* booking.

A booking already under way at `now` keeps what it had before `now`: it is cut there
(`cut`) when its part from `now` on is dropped or moved elsewhere, and stretched in place
when its block continues from `now` on the same instrument. A booking with lost shifts
that would move to another instrument is dropped and its block booked anew instead, so
that its losses keep describing the instrument they happened on.

A moved booking leaves shifts its group confirmed, so it asks for confirmation again; a
shortened or cut one stays within them and keeps its status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from models.exchange import Solution

ChangeKind = Literal["shortened", "moved", "cut"]


@dataclass(frozen=True)
class HeldBooking:
    """A holding booking of the round, as the difference needs it."""

    id: str
    request: str
    instrument: str
    start: int
    length: int
    has_losses: bool = False

    @property
    def end(self) -> int:
        """The first shift after the booking."""
        return self.start + self.length


@dataclass(frozen=True)
class BookingChange:
    """Booking `booking` gets the block `[start, start + length)` on `instrument`."""

    booking: str
    kind: ChangeKind
    instrument: str
    start: int
    length: int

    @property
    def asks_again(self) -> bool:
        """Whether the group must confirm again (the booking left the shifts it had)."""
        return self.kind == "moved"


@dataclass(frozen=True)
class NewBlock:
    """A new booking for `request`."""

    request: str
    instrument: str
    start: int
    length: int


@dataclass(frozen=True)
class Difference:
    """Everything accepting a candidate changes: bookings changed, dropped and new."""

    changed: tuple[BookingChange, ...]
    dropped: tuple[str, ...]
    new: tuple[NewBlock, ...]

    @property
    def is_empty(self) -> bool:
        """Whether the candidate is the bookings as they are."""
        return not (self.changed or self.dropped or self.new)


class CandidateBeforeNowError(ValueError):
    """The candidate places a block before its re-plan's `now`."""


def booking_difference(
    bookings: Iterable[HeldBooking], candidate: Solution, now: int
) -> Difference:
    """The changes that make the holding `bookings` the candidate (see the module).

    Raises:
        CandidateBeforeNowError: a candidate block starts before `now`.
    """
    held: dict[str, list[HeldBooking]] = defaultdict(list)
    for booking in bookings:
        if booking.end > now:
            held[booking.request].append(booking)
    blocks: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for assignment in candidate.assignments:
        early = [b for b in assignment.blocks if b[0] < now]
        if early:
            raise CandidateBeforeNowError(
                f"{assignment.request} gets shifts from {early[0][0]}, before now ({now})"
            )
        blocks[assignment.request] = (assignment.instrument, sorted(assignment.blocks))
    out = _Out()
    for request in sorted(held.keys() | blocks.keys()):
        instrument, wanted = blocks.get(request, ("", []))
        _request_difference(request, held.get(request, []), instrument, wanted, now, out)
    return Difference(tuple(out.changed), tuple(out.dropped), tuple(out.new))


@dataclass
class _Out:
    changed: list[BookingChange] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    new: list[NewBlock] = field(default_factory=list)

    def change(self, booking: HeldBooking, instrument: str, start: int, length: int) -> None:
        """Record that `booking` takes `[start, start + length)` on `instrument`: shortened
        when that lies within its block, else moved."""
        within = (
            instrument == booking.instrument
            and booking.start <= start
            and start + length <= booking.end
        )
        kind: ChangeKind = "shortened" if within else "moved"
        self.changed.append(BookingChange(booking.id, kind, instrument, start, length))


def _request_difference(
    request: str,
    bookings: list[HeldBooking],
    instrument: str,
    wanted: list[tuple[int, int]],
    now: int,
    out: _Out,
) -> None:
    free = list(wanted)
    left: list[HeldBooking] = []
    for booking in sorted(bookings, key=lambda b: (b.start, b.id)):
        part = (max(booking.start, now), booking.end - max(booking.start, now))
        if booking.instrument == instrument and part in free:
            free.remove(part)
        else:
            left.append(booking)
    unpaired: list[HeldBooking] = []
    for booking in left:
        inside = [
            (s, n)
            for s, n in free
            if booking.instrument == instrument and max(booking.start, now) <= s
            if s + n <= booking.end
        ]
        if not inside:
            unpaired.append(booking)
            continue
        block = max(inside, key=lambda b: (b[1], -b[0]))
        free.remove(block)
        _place(booking, instrument, block, now, out)
    remaining = sorted(free)
    for booking, block in zip(unpaired, remaining, strict=False):
        _place(booking, instrument, block, now, out)
    for booking in unpaired[len(remaining) :]:
        if booking.start < now:
            out.changed.append(
                BookingChange(
                    booking.id, "cut", booking.instrument, booking.start, now - booking.start
                )
            )
        else:
            out.dropped.append(booking.id)
    for start, length in remaining[len(unpaired) :]:
        out.new.append(NewBlock(request, instrument, start, length))


def _place(
    booking: HeldBooking,
    instrument: str,
    block: tuple[int, int],
    now: int,
    out: _Out,
) -> None:
    """Give `booking` the candidate `block`, or keep its past and book the block anew."""
    start, length = block
    if booking.start < now:
        if booking.instrument == instrument and start == now:
            out.change(booking, instrument, booking.start, start + length - booking.start)
            return
        out.changed.append(
            BookingChange(booking.id, "cut", booking.instrument, booking.start, now - booking.start)
        )
        out.new.append(NewBlock(booking.request, instrument, start, length))
        return
    if booking.has_losses and booking.instrument != instrument:
        out.dropped.append(booking.id)
        out.new.append(NewBlock(booking.request, instrument, start, length))
        return
    out.change(booking, instrument, start, length)
