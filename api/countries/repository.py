"""SQL for countries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.orm import Country


class CountryRepository:
    """Reads and writes `countries` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str) -> Country | None:
        """The country with this code, if any."""
        return self.session.scalars(select(Country).where(Country.code == code)).first()

    def by_codes(self, codes: Iterable[str]) -> dict[str, Country]:
        """The countries among `codes` that exist, by code."""
        wanted = set(codes)
        if not wanted:
            return {}
        rows = self.session.scalars(select(Country).where(Country.code.in_(wanted))).all()
        return {row.code: row for row in rows}

    def add(self, country: Country) -> Country:
        """Store a new country."""
        self.session.add(country)
        self.session.flush()
        return country

    def page(self, limit: int, offset: int) -> tuple[Sequence[Country], int]:
        """Countries by code, and how many there are."""
        total = self.session.scalar(select(func.count()).select_from(Country)) or 0
        rows = self.session.scalars(
            select(Country).order_by(Country.code).limit(limit).offset(offset)
        ).all()
        return rows, total
