"""A minimal RFC 5545 iCalendar writer: CRLF line ends, 75-octet folding, UTC times.

Written by hand because the service needs only VEVENTs with a few properties,
and the rules that matter (escaping, folding without splitting a UTF-8
character, UID and DTSTAMP on every event) fit on one screen.

Calendar apps follow a changed event by its UID and `SEQUENCE` (RFC 5545 §3.8.7.4):
an event's sequence grows with every revision of what it shows (a booking's version
less one), and an event withdrawn (a booking declined, cancelled or dropped by a
re-plan) is still sent, with the same UID, as `STATUS:CANCELLED`, so that subscribed
calendars remove it rather than keep a stale copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    """One event: `[starts_at, ends_at)` in UTC."""

    uid: str
    stamp: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str
    tentative: bool
    sequence: int = 0
    """The revision of the event, 0 first."""
    cancelled: bool = False
    """Withdrawn: sent as `STATUS:CANCELLED` so that calendars remove it."""

    @property
    def status(self) -> str:
        """The event's STATUS value."""
        if self.cancelled:
            return "CANCELLED"
        return "TENTATIVE" if self.tentative else "CONFIRMED"


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 requires."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form, `20270201T080000Z`."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, joined by CRLF and a space;
    never splits a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return line
    pieces: list[str] = []
    current = ""
    limit = MAX_LINE_OCTETS
    for character in line:
        if len((current + character).encode("utf-8")) > limit:
            pieces.append(current)
            current = character
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        else:
            current += character
    pieces.append(current)
    return "\r\n ".join(pieces)


def calendar(name: str, events: Iterable[CalendarEvent]) -> str:
    """A VCALENDAR with one VEVENT per event."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//beamtime//booking service//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{utc_stamp(event.stamp)}",
            f"SEQUENCE:{event.sequence}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
            f"DTEND:{utc_stamp(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"LOCATION:{escape_text(event.location)}",
            f"STATUS:{event.status}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
