"""The utilisation page: the whole round as instruments by weeks, each week a way into
the schedule (`/ui/rounds/{r}/schedule?week=N`, for one instrument or all).

It reads the instruments with their closed periods and one row per block of the
schedule (`ExportService.used_blocks`), nothing of the proposals; so it stays a light
page at 100 instruments over a year. For the round's coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import NotFoundError
from api.exports.service import ExportService
from api.rounds.calendar import closed_shift_intervals, written_round_shifts
from api.rounds.repository import RoundRepository
from api.ui.charts.timeline import Window, week_count, window
from api.ui.charts.utilisation import InstrumentLine, UtilisationMap, utilisation_map
from api.ui.views.rounds import RoundHeader, visible_round


@dataclass(frozen=True)
class WeekHeading:
    """A column of the map: its week number and the dates it covers."""

    week: Window
    period: str


@dataclass(frozen=True)
class UtilisationPage:
    """What the utilisation page shows."""

    header: RoundHeader
    chart: UtilisationMap | None
    weeks: list[WeekHeading]
    facility: str | None
    facilities: tuple[str, ...]
    missing: str


def utilisation_page(
    session: Session, principal: Principal, code: str, *, facility: str | None = None
) -> UtilisationPage:
    """Instruments by weeks of round `code` (one facility's if given).

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor does not run the round.
    """
    round_, header = visible_round(session, principal, code)
    exports = ExportService(session, principal)
    try:
        _, blocks = exports.used_blocks(code)
    except NotFoundError as missing:
        return UtilisationPage(header, None, [], facility, (), missing.detail)
    facilities = RoundRepository(session).facilities_with_calendars(round_)
    lines = [
        InstrumentLine(
            instrument=instrument.code,
            facility=found.code,
            capacity=instrument.capacity,
            closed=tuple(
                closed_shift_intervals(
                    [(p.starts_at, p.ends_at) for p in instrument.closed_periods], round_
                )
            ),
        )
        for found in facilities
        if facility is None or found.code == facility
        for instrument in sorted(found.instruments, key=lambda i: i.code)
    ]
    weeks = [
        window(round_.n_shifts, round_.shift_hours, number)
        for number in range(1, week_count(round_.n_shifts, round_.shift_hours) + 1)
    ]
    return UtilisationPage(
        header=header,
        chart=utilisation_map(lines, blocks, weeks),
        weeks=[WeekHeading(w, written_round_shifts(round_, w.first, w.end)) for w in weeks],
        facility=facility,
        facilities=tuple(found.code for found in facilities),
        missing="",
    )
