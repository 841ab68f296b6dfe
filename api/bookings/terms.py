"""A booking made by hand against the terms of its request.

A request states where and when its team can come: its acceptable instruments,
its window `[release, deadline)`, its unavailable intervals, its `min_block` and
its total `shifts`. A block booked by hand must keep to them, as a solver's award
must ("What a valid award is" in the format); a coordinator who books outside
them on purpose says why (`override`), and the reason is stored with the booking
and in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.errors import FieldProblem


@dataclass(frozen=True)
class RequestTerms:
    """What a request asked for, in shifts of its round."""

    code: str
    instruments: tuple[str, ...]
    shifts: int
    min_block: int
    release: int
    deadline: int
    unavailable: tuple[tuple[int, int], ...]
    held: int
    """Shifts its holding bookings already have."""


def term_breaches(
    terms: RequestTerms,
    instrument: str,
    start: int,
    length: int,
    written: Callable[[int, int], str] | None = None,
) -> list[FieldProblem]:
    """Every way the block `[start, start + length)` on `instrument` breaks the request's
    terms, as problems of the booking's body fields (empty when it keeps to them).
    `written(first, end)` writes shifts as times of the round's calendar for the
    messages (`api.rounds.calendar.written_round_shifts`); without it they say shifts."""

    def when(first: int, last_end: int) -> str:
        shifts = f"shifts {first} to {last_end - 1}"
        return f"{written(first, last_end)} ({shifts})" if written else shifts

    end = start + length
    breaches = []
    if instrument not in terms.instruments:
        breaches.append(
            FieldProblem(
                "body.instrument",
                f"{terms.code} asked for {', '.join(terms.instruments)}, not {instrument}",
            )
        )
    if length < terms.min_block:
        breaches.append(
            FieldProblem(
                "body.length", f"{terms.code} runs in blocks of at least {terms.min_block} shifts"
            )
        )
    if start < terms.release or end > terms.deadline:
        breaches.append(
            FieldProblem(
                "body.start",
                f"the block leaves {terms.code}'s window, {when(terms.release, terms.deadline)}",
            )
        )
    clashes = [(s, e) for s, e in terms.unavailable if s < end and start < e]
    if clashes:
        listed = "; ".join(when(s, e) for s, e in clashes)
        breaches.append(
            FieldProblem("body.start", f"the team of {terms.code} is unavailable: {listed}")
        )
    if terms.held + length > terms.shifts:
        breaches.append(
            FieldProblem(
                "body.length",
                f"{terms.code} asked for {terms.shifts} shifts and already holds {terms.held}",
            )
        )
    return breaches
