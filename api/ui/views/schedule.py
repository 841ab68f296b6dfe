"""The schedule page: the round's Gantt chart, as the visitor may export it.

Blocks come from `ExportService.entries` (the bookings once published, else the accepted
allocation; a proposer gets only its group's, and only once published), instruments and
their closed shifts from the round's facilities, countries from the proposals the
visitor sees. The page reads only what it draws: the shown week's bookings, on the
chosen facility or instrument, and the countries of the proposals among them. Weeks
are reached through a few links around the shown one and a week number to go to,
never one link per week (a year has 53).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.countries.service import CountryService
from api.errors import NotFoundError
from api.exports.repository import ExportRepository
from api.exports.service import ExportService, Scope
from api.rounds.calendar import closed_shift_intervals, written_round_shifts
from api.rounds.repository import RoundRepository
from api.rounds.states import RoundAction, allows
from api.ui.charts.gantt import GanttChart, GanttItem, GanttRow, gantt_chart
from api.ui.charts.timeline import Window, week_count, window
from api.ui.views.paging import every
from api.ui.views.rounds import RoundHeader, visible_round
from api.ui.views.schedule_view import ScheduleView
from models.orm import Round

WEEK_LINKS_AROUND = 3
"""Weeks linked on each side of the shown one."""


@dataclass(frozen=True)
class WeekLink:
    """A zoom level of the chart: the whole round or one week."""

    label: str
    week: int | None
    first: int
    end: int


@dataclass(frozen=True)
class SchedulePage:
    """What the schedule page shows."""

    header: RoundHeader
    chart: GanttChart | None
    missing: str
    colour: str
    weeks: list[WeekLink]
    country_names: dict[str, str]
    choices: ScheduleChoices
    period: str = ""
    """The shown shifts as times of the round's calendar."""
    view: ScheduleView = field(default_factory=ScheduleView)
    """What the visitor chose to see, as the address to come back to."""
    block_pages: bool = False
    """Whether booked blocks open their booking's page (cancel, book by hand): for the
    round's coordinators while its bookings may change."""


@dataclass(frozen=True)
class ScheduleChoices:
    """What the visitor chose to see, and what they could choose."""

    week_count: int
    facility: str | None
    instrument: str | None
    facilities: tuple[str, ...]
    instruments: tuple[str, ...]


def schedule_page(
    session: Session,
    principal: Principal,
    code: str,
    view: ScheduleView,
) -> SchedulePage:
    """The Gantt chart of round `code` over the whole round or one week, of all its
    instruments or those of one facility, or one instrument, as `view` chooses.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor may not export schedules (reviewers).
    """
    round_, header = visible_round(session, principal, code)
    colour, facility, instrument = view.colour, view.facility, view.instrument
    shown = window(round_.n_shifts, round_.shift_hours, view.week)
    weeks = week_links(round_, shown.week)
    count = week_count(round_.n_shifts, round_.shift_hours)
    all_rows = instrument_rows(session, round_)
    rows = [
        row
        for row in all_rows
        if (facility is None or row.facility == facility)
        and (instrument is None or row.instrument == instrument)
    ]
    choices = ScheduleChoices(
        week_count=count,
        facility=facility,
        instrument=instrument,
        facilities=tuple(dict.fromkeys(row.facility for row in all_rows)),
        instruments=tuple(row.instrument for row in all_rows),
    )
    try:
        _, _, entries = ExportService(session, principal).entries(
            code, Scope(), shifts=(shown.first, shown.end)
        )
    except NotFoundError as missing:
        return SchedulePage(header, None, missing.detail, colour, weeks, {}, choices)
    drawn = {row.instrument for row in rows}
    entries = [entry for entry in entries if entry.instrument in drawn]
    countries = ExportRepository(session).proposal_countries(
        round_.id, {entry.proposal for entry in entries}
    )
    items = [
        GanttItem(
            proposal=entry.proposal,
            title=entry.title,
            group=entry.group,
            request=entry.request,
            instrument=entry.instrument,
            start=entry.start,
            length=entry.length,
            state=entry.status,
            countries=countries.get(entry.proposal, ()),
            booking=entry.booking or "",
        )
        for entry in entries
    ]
    chart = gantt_chart(
        rows,
        items,
        start=round_.start,
        shift_hours=round_.shift_hours,
        window=shown,
    )
    return SchedulePage(
        header,
        chart,
        "",
        colour,
        weeks,
        country_names(session, principal),
        choices,
        written_round_shifts(round_, shown.first, shown.end),
        view,
        header.runs and allows(round_.state, RoundAction.CHANGE_BOOKINGS),
    )


def country_names(session: Session, principal: Principal) -> dict[str, str]:
    """Every country's name by code (everyone signed in reads them)."""
    countries = every(CountryService(session, principal).list_visible)
    return {country.code: country.name or country.code for country in countries}


def instrument_rows(session: Session, round_: Round) -> list[GanttRow]:
    """The round's instruments by facility and code, with their closed shifts."""
    rows = []
    for facility in RoundRepository(session).facilities_with_calendars(round_):
        for instrument in sorted(facility.instruments, key=lambda i: i.code):
            periods = [(p.starts_at, p.ends_at) for p in instrument.closed_periods]
            rows.append(
                GanttRow(
                    instrument=instrument.code,
                    name=instrument.name,
                    facility=facility.code,
                    closed=tuple(closed_shift_intervals(periods, round_)),
                )
            )
    return rows


def week_links(round_: Round, current: int | None) -> list[WeekLink]:
    """The whole round, then the first and last weeks and a few around `current` (or the
    first few weeks when the whole round is shown)."""
    count = week_count(round_.n_shifts, round_.shift_hours)
    centre = current or 1
    near = range(max(1, centre - WEEK_LINKS_AROUND), min(count, centre + WEEK_LINKS_AROUND) + 1)
    links = [WeekLink("Whole round", None, 0, round_.n_shifts)]
    for week in sorted({1, *near, count}):
        shown: Window = window(round_.n_shifts, round_.shift_hours, week)
        links.append(WeekLink(f"Week {week}", week, shown.first, shown.end))
    return links
