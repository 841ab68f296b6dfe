"""What the schedule page shows (a week, a colouring, a facility, an instrument) as an
address: carried from the schedule to a block's page, through its confirmation and its
post, so the coordinator comes back to the same view of the schedule.

The values come from a query or a posted form; they are rebuilt into the address here
(never echoed as they came), so a forged value cannot send anyone elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query

COLOUR_MODES = ("country", "state")
MAX_WEEK = 100_000
MAX_CODE = 200


@dataclass(frozen=True)
class ScheduleView:
    """The schedule's week (None: the whole round), colouring, facility and instrument."""

    week: int | None = None
    colour: str = "country"
    facility: str | None = None
    instrument: str | None = None

    @classmethod
    def of(
        cls, week: int | None, colour: str, facility: str | None, instrument: str | None
    ) -> ScheduleView:
        """A view from chosen values (an unknown colouring is by country; empty codes are
        none)."""
        return cls(
            week=week,
            colour=colour if colour in COLOUR_MODES else "country",
            facility=facility or None,
            instrument=instrument or None,
        )

    @classmethod
    def of_form(cls, form: Mapping[str, str]) -> ScheduleView:
        """The view a posted form carries (`week`, `colour`, `facility`, `instrument`);
        values out of range are left out."""
        week_text = form.get("week", "")
        week = int(week_text) if week_text.isdigit() and 1 <= int(week_text) <= MAX_WEEK else None
        return cls.of(
            week,
            form.get("colour", ""),
            form.get("facility", "")[:MAX_CODE],
            form.get("instrument", "")[:MAX_CODE],
        )

    def fields(self) -> list[tuple[str, str]]:
        """The view as hidden form fields (only the chosen ones)."""
        chosen = (
            ("week", str(self.week) if self.week else ""),
            ("colour", self.colour),
            ("facility", self.facility or ""),
            ("instrument", self.instrument or ""),
        )
        return [(name, value) for name, value in chosen if value]

    def query(self) -> str:
        """The view as a query string (`week=2&colour=state`), URL-encoded."""
        return urlencode(self.fields())

    def schedule(self, round_code: str) -> str:
        """The schedule page showing this view."""
        query = self.query()
        return f"/ui/rounds/{round_code}/schedule" + (f"?{query}" if query else "")


def schedule_view(
    week: Annotated[int | None, Query(ge=1, le=MAX_WEEK)] = None,
    colour: Annotated[str, Query(max_length=20)] = "country",
    facility: Annotated[str | None, Query(max_length=MAX_CODE)] = None,
    instrument: Annotated[str | None, Query(max_length=MAX_CODE)] = None,
) -> ScheduleView:
    """The schedule's view from the query of a page."""
    return ScheduleView.of(week, colour, facility, instrument)


ChosenView = Annotated[ScheduleView, Depends(schedule_view)]
