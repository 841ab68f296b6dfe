"""Rules for countries: anyone signed in reads them, admins and coordinators add them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.access import require_admin, require_roles
from api.auth.principal import Principal, Role
from api.claims import claim_unique
from api.concurrency import check_version
from api.countries.repository import CountryRepository
from api.countries.schemas import CountryCreate, CountryUpdate
from api.errors import AlreadyExistsError, NotFoundError
from models.orm import Country


class CountryService:
    """Countries, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.countries = CountryRepository(session)

    def list_visible(self, limit: int, offset: int) -> tuple[Sequence[Country], int]:
        """A page of countries by code."""
        return self.countries.page(limit, offset)

    def get(self, code: str) -> Country:
        """One country.

        Raises:
            NotFoundError: no such country.
        """
        country = self.countries.by_code(code)
        if country is None:
            raise NotFoundError(f"no country {code}")
        return country

    def create(self, body: CountryCreate) -> Country:
        """Add a country (admins and coordinators).

        Raises:
            ForbiddenError: another role.
            AlreadyExistsError: the code is taken.
        """
        require_roles(self.principal, Role.ADMIN, Role.COORDINATOR)
        if self.countries.by_code(body.code) is not None:
            raise AlreadyExistsError(f"country {body.code} exists")
        with claim_unique(self.session, f"country {body.code} exists"):
            country = self.countries.add(Country(code=body.code, name=body.name))
        record(self.session, self.principal, "country.create", "country", country.code)
        return country

    def update(self, code: str, body: CountryUpdate, version: int) -> Country:
        """Rename a country (admins), under If-Match.

        Raises:
            ForbiddenError, NotFoundError, PreconditionFailedError.
        """
        require_admin(self.principal)
        country = self.get(code)
        check_version(country.version, version)
        if body.name is not None:
            country.name = body.name
        self.session.flush()
        record(self.session, self.principal, "country.update", "country", country.code)
        return country
