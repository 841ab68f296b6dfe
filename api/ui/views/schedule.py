"""The schedule page: the round's Gantt chart, as the visitor may export it.

Blocks come from `ExportService.entries` (the bookings once published, else the accepted
allocation; a proposer gets only its group's, and only once published), instruments and
their closed shifts from the round's facilities, countries from the proposals the
visitor sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.countries.service import CountryService
from api.errors import NotFoundError
from api.exports.service import ExportService, Scope
from api.proposals.service import ProposalService
from api.rounds.calendar import closed_shift_intervals
from api.rounds.repository import RoundRepository
from api.ui.charts.gantt import GanttChart, GanttItem, GanttRow, gantt_chart
from api.ui.charts.timeline import Window, week_count, window
from api.ui.views.paging import every
from api.ui.views.rounds import RoundHeader, visible_round
from models.orm import Round

COLOUR_MODES = ("country", "state")


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


def schedule_page(
    session: Session, principal: Principal, code: str, *, week: int | None, colour: str
) -> SchedulePage:
    """The Gantt chart of round `code` over the whole round or one week.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor may not export schedules (reviewers).
    """
    round_, header = visible_round(session, principal, code)
    colour = colour if colour in COLOUR_MODES else "country"
    shown = window(round_.n_shifts, round_.shift_hours, week)
    weeks = week_links(round_)
    try:
        _, _, entries = ExportService(session, principal).entries(code, Scope())
    except NotFoundError as missing:
        return SchedulePage(header, None, missing.detail, colour, weeks, {})
    countries = proposal_countries(session, principal, code)
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
        )
        for entry in entries
    ]
    chart = gantt_chart(
        instrument_rows(session, round_),
        items,
        start=round_.start,
        shift_hours=round_.shift_hours,
        window=shown,
    )
    return SchedulePage(header, chart, "", colour, weeks, country_names(session, principal))


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


def proposal_countries(
    session: Session, principal: Principal, code: str
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Country shares of each proposal of the round the principal sees."""
    service = ProposalService(session, principal)
    proposals = every(lambda limit, offset: service.list_visible(code, limit, offset, None)[1:])
    return {
        proposal.code: tuple((share.country.code, share.share) for share in proposal.shares)
        for proposal in proposals
    }


def week_links(round_: Round) -> list[WeekLink]:
    """The whole round, then each of its weeks."""
    links = [WeekLink("Whole round", None, 0, round_.n_shifts)]
    for week in range(1, week_count(round_.n_shifts, round_.shift_hours) + 1):
        shown: Window = window(round_.n_shifts, round_.shift_hours, week)
        links.append(WeekLink(f"Week {week}", week, shown.first, shown.end))
    return links
