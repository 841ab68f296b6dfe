"""One calendar from the per-round calendars of a feed.

Each round's part is rendered by the round's own iCalendar export
(`api.exports.schedule.entries_ics`), so a feed's events are exactly those of the
exports, property for property; only their VEVENT components are gathered under one
VCALENDAR here. Folded lines continue with a space, so a component's `BEGIN:VEVENT`
and `END:VEVENT` lines are always whole lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.exports.ics import calendar

_CRLF = "\r\n"


def _events(text: str) -> list[str]:
    lines = text.split(_CRLF)
    events: list[str] = []
    inside = False
    for line in lines:
        if line == "BEGIN:VEVENT":
            inside = True
        if inside:
            events.append(line)
        if line == "END:VEVENT":
            inside = False
    return events


def combined_calendar(name: str, calendars: Iterable[str]) -> str:
    """A VCALENDAR named `name` holding every VEVENT of `calendars`, in their order."""
    empty = calendar(name, [])
    events = [line for text in calendars for line in _events(text)]
    head, end = empty.removesuffix("END:VCALENDAR" + _CRLF), "END:VCALENDAR" + _CRLF
    return head + "".join(line + _CRLF for line in events) + end
