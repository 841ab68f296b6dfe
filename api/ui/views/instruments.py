"""The instruments of a round's facilities, with the closed periods that touch the round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from api.rounds.calendar import closed_shift_intervals
from api.rounds.repository import RoundRepository
from models.orm import Round


@dataclass(frozen=True)
class ClosedPeriodRow:
    """A closed period and the round's shifts it closes (`[first, end)`)."""

    id: int
    starts_at: datetime
    ends_at: datetime
    reason: str
    first: int
    end: int


@dataclass(frozen=True)
class InstrumentRow:
    """An instrument of the round, with its closed periods inside the round."""

    facility: str
    code: str
    name: str
    closed: list[ClosedPeriodRow]


def round_instruments(session: Session, round_: Round) -> list[InstrumentRow]:
    """The round's instruments by facility and code, each with the closed periods that
    close some of the round's shifts, in time order."""
    rows = []
    for facility in RoundRepository(session).facilities_with_calendars(round_):
        for instrument in sorted(facility.instruments, key=lambda i: i.code):
            closed = []
            for period in sorted(instrument.closed_periods, key=lambda p: (p.starts_at, p.id)):
                touched = closed_shift_intervals([(period.starts_at, period.ends_at)], round_)
                if touched:
                    first, end = touched[0]
                    closed.append(
                        ClosedPeriodRow(
                            period.id, period.starts_at, period.ends_at, period.reason, first, end
                        )
                    )
            rows.append(InstrumentRow(facility.code, instrument.code, instrument.name, closed))
    return rows
