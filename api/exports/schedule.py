"""The schedule of a round as rows: from its bookings once published, else its allocation."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from api.exports.ics import CalendarEvent, calendar
from api.rounds.calendar import shift_start
from models.orm import Round

WITHDRAWN_STATUSES = frozenset({"declined", "cancelled"})
"""Statuses of bookings that no longer hold their shifts: calendars get them cancelled."""

CSV_COLUMNS = (
    "round",
    "proposal",
    "title",
    "group",
    "request",
    "facility",
    "instrument",
    "start_shift",
    "shifts",
    "starts_at",
    "ends_at",
    "status",
    "booking",
)


@dataclass(frozen=True)
class ScheduleEntry:
    """One block of shifts on one instrument for one request (a booking, or an award's block
    before publication)."""

    proposal: str
    title: str
    group: str
    request: str
    facility: str
    facility_name: str
    instrument: str
    instrument_name: str
    start: int
    length: int
    status: str
    booking: str | None
    changed_at: datetime
    version: int = 1
    """The booking's version (1 for an award's block)."""


def entries_csv(round_: Round, entries: list[ScheduleEntry]) -> str:
    """The entries as CSV with a header row; times in UTC ISO 8601."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                round_.code,
                entry.proposal,
                entry.title,
                entry.group,
                entry.request,
                entry.facility,
                entry.instrument,
                entry.start,
                entry.length,
                shift_start(round_, entry.start).isoformat(),
                shift_start(round_, entry.start + entry.length).isoformat(),
                entry.status,
                entry.booking or "",
            ]
        )
    return buffer.getvalue()


def entries_ics(round_: Round, entries: list[ScheduleEntry], name: str) -> str:
    """The entries as an iCalendar file, with real shift times (UTC)."""
    events = [
        CalendarEvent(
            uid=(
                f"{entry.booking}@beamtime"
                if entry.booking
                else f"{round_.code}/{entry.request}/{entry.start}@beamtime"
            ),
            stamp=entry.changed_at,
            starts_at=shift_start(round_, entry.start),
            ends_at=shift_start(round_, entry.start + entry.length),
            summary=f"{entry.instrument}: {entry.title or entry.proposal} ({entry.proposal})",
            description=(
                f"Round {round_.code}, request {entry.request}, group {entry.group}, "
                f"shifts {entry.start}-{entry.start + entry.length - 1} "
                f"({entry.length} x {round_.shift_hours} h), {entry.status}"
            ),
            location=f"{entry.instrument_name or entry.instrument}, "
            f"{entry.facility_name or entry.facility}",
            tentative=entry.status != "confirmed",
            sequence=entry.version - 1,
            cancelled=entry.status in WITHDRAWN_STATUSES,
        )
        for entry in entries
    ]
    return calendar(name, events)
