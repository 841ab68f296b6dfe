"""SQL for rounds, their facilities and agreements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from api.rounds.access import RoundFilter
from api.rounds.states import RoundAction, states_allowing
from models.orm import Facility, Instrument, Round, round_facilities

Lock = Literal["share", "update"] | None


class RoundRepository:
    """Reads and writes rounds."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _rounds(self) -> Select[Any]:
        return select(Round).options(selectinload(Round.facilities))

    def by_code(self, code: str, *, lock: Lock = None) -> Round | None:
        """The round with this code, its facilities loaded.

        Args:
            lock: "share" keeps the round's state from changing until the
                transaction ends; "update" also excludes other writers of the round.
                SQLite ignores both: its transactions are already serialised.
        """
        query = self._rounds().where(Round.code == code)
        if lock is not None:
            query = query.with_for_update(read=lock == "share", of=Round)
        return self.session.scalars(query).first()

    def by_id(self, round_id: int) -> Round | None:
        """The round with this database id, its facilities loaded."""
        return self.session.scalars(self._rounds().where(Round.id == round_id)).first()

    def page(self, scope: RoundFilter, limit: int, offset: int) -> tuple[Sequence[Round], int]:
        """Rounds visible under `scope`, newest start first, and how many there are."""
        query = select(Round)
        if scope.exclude_draft:
            query = query.where(Round.state.in_(states_allowing(RoundAction.SEE_ROUND)))
        if scope.round_codes is not None:
            query = query.where(Round.code.in_(scope.round_codes or {""}))
        if scope.facility_codes is not None:
            in_scope = (
                select(round_facilities.c.round_id)
                .join(Facility, Facility.id == round_facilities.c.facility_id)
                .where(Facility.code.in_(scope.facility_codes or {""}))
            )
            query = query.where(Round.id.in_(in_scope))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(selectinload(Round.facilities))
            .order_by(Round.start.desc(), Round.code)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def add(self, round_: Round) -> Round:
        """Store a new round."""
        self.session.add(round_)
        self.session.flush()
        return round_

    def facilities_with_calendars(self, round_: Round) -> list[Facility]:
        """The round's facilities by code, with hosts, instruments and closed periods."""
        return list(
            self.session.scalars(
                select(Facility)
                .options(
                    selectinload(Facility.host_country),
                    selectinload(Facility.instruments).selectinload(Instrument.closed_periods),
                )
                .where(Facility.id.in_([facility.id for facility in round_.facilities]))
                .order_by(Facility.code)
            ).all()
        )
