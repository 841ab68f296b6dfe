"""The iCalendar writer follows RFC 5545: CRLF, folding at 75 octets, escaping, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from api.exports.ics import CalendarEvent, calendar, escape_text, fold


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "Ω" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line


def test_text_is_escaped() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_a_calendar_parses_back_with_the_same_events() -> None:
    event = CalendarEvent(
        uid="b-1@beamtime",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
        starts_at=datetime(2027, 2, 1, 8, tzinfo=UTC),
        ends_at=datetime(2027, 2, 2, 8, tzinfo=UTC),
        summary="NICA-SOCHI: Single-event effects, rad-hard; SRAM " + "x" * 80,
        description="line one\nline two",
        location="Dubna",
        tentative=False,
    )
    text = calendar("beamtime test", [event])
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    parsed = icalendar.Calendar.from_ical(text)
    (vevent,) = [c for c in parsed.walk() if c.name == "VEVENT"]
    assert str(vevent["SUMMARY"]) == event.summary
    assert str(vevent["DESCRIPTION"]) == "line one\nline two"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert str(vevent["STATUS"]) == "CONFIRMED"
