"""Rules for facilities, instruments and calendars.

Everyone signed in reads them (a call for proposals is public); admins change
any, a coordinator only the facilities in its scope, which it may also create.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.claims import claim_unique
from api.concurrency import check_version
from api.countries.repository import CountryRepository
from api.errors import (
    AlreadyExistsError,
    CapacityExceededError,
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from api.facilities.repository import FacilityRepository
from api.facilities.schemas import (
    ClosedPeriodCreate,
    FacilityCreate,
    FacilityUpdate,
    InstrumentCreate,
    InstrumentUpdate,
)
from api.outages.losses import mark_losses
from models.orm import ClosedPeriod, Country, Facility, Instrument


class FacilityService:
    """Facilities and instruments, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = FacilityRepository(session)

    def _require_coordinator_of(self, facility_code: str) -> None:
        if not self.principal.coordinates(facility_code):
            raise ForbiddenError(f"only admins and coordinators of {facility_code} may change it")

    def _country(self, code: str, field: str) -> Country:
        country = CountryRepository(self.session).by_code(code)
        if country is None:
            raise InvalidInputError(
                "unknown country", errors=[FieldProblem(field, f"no country {code}")]
            )
        return country

    def list_facilities(self, limit: int, offset: int) -> tuple[Sequence[Facility], int]:
        """A page of facilities by code."""
        return self.repository.facility_page(limit, offset)

    def get_facility(self, code: str) -> Facility:
        """One facility.

        Raises:
            NotFoundError: no such facility.
        """
        facility = self.repository.facility(code)
        if facility is None:
            raise NotFoundError(f"no facility {code}")
        return facility

    def create_facility(self, body: FacilityCreate) -> Facility:
        """Add a facility (admins, or a coordinator whose scope names it).

        Raises:
            ForbiddenError, AlreadyExistsError, InvalidInputError (unknown host country).
        """
        self._require_coordinator_of(body.code)
        if self.repository.facility(body.code) is not None:
            raise AlreadyExistsError(f"facility {body.code} exists")
        host = self._country(body.host_country, "host_country")
        facility = Facility(code=body.code, name=body.name, host_country=host, instruments=[])
        with claim_unique(self.session, f"facility {body.code} exists"):
            self.repository.add(facility)
        record(self.session, self.principal, "facility.create", "facility", facility.code)
        return facility

    def update_facility(self, code: str, body: FacilityUpdate, version: int) -> Facility:
        """Change a facility's name or host country, under If-Match.

        Raises:
            NotFoundError, ForbiddenError, PreconditionFailedError, InvalidInputError.
        """
        facility = self.get_facility(code)
        self._require_coordinator_of(code)
        check_version(facility.version, version)
        if body.name is not None:
            facility.name = body.name
        if body.host_country is not None:
            facility.host_country = self._country(body.host_country, "host_country")
        self.session.flush()
        record(self.session, self.principal, "facility.update", "facility", code)
        return facility

    def list_instruments(
        self, facility_code: str, limit: int, offset: int
    ) -> tuple[Sequence[Instrument], int]:
        """A page of a facility's instruments.

        Raises:
            NotFoundError: no such facility.
        """
        facility = self.get_facility(facility_code)
        return self.repository.instrument_page(facility.id, limit, offset)

    def get_instrument(self, code: str) -> Instrument:
        """One instrument.

        Raises:
            NotFoundError: no such instrument.
        """
        instrument = self.repository.instrument(code)
        if instrument is None:
            raise NotFoundError(f"no instrument {code}")
        return instrument

    def create_instrument(self, facility_code: str, body: InstrumentCreate) -> Instrument:
        """Add an instrument to a facility.

        Raises:
            NotFoundError, ForbiddenError, AlreadyExistsError.
        """
        facility = self.get_facility(facility_code)
        self._require_coordinator_of(facility_code)
        if self.repository.instrument(body.code) is not None:
            raise AlreadyExistsError(f"instrument {body.code} exists")
        # Built inside the claim: the instrument joins the facility's collection at once.
        with claim_unique(self.session, f"instrument {body.code} exists"):
            instrument = Instrument(
                code=body.code,
                name=body.name,
                capacity=body.capacity,
                facility=facility,
                closed_periods=[],
            )
            self.repository.add(instrument)
        record(
            self.session,
            self.principal,
            "instrument.create",
            "instrument",
            instrument.code,
            detail={"facility": facility_code},
        )
        return instrument

    def update_instrument(self, code: str, body: InstrumentUpdate, version: int) -> Instrument:
        """Rename an instrument or change its capacity, under If-Match.

        Raises:
            NotFoundError, ForbiddenError, PreconditionFailedError,
            CapacityExceededError: published bookings hold more than the new capacity.
        """
        instrument = self.get_instrument(code)
        self._require_coordinator_of(instrument.facility.code)
        check_version(instrument.version, version)
        if body.name is not None:
            instrument.name = body.name
        if body.capacity is not None:
            instrument.capacity = body.capacity
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError:
            raise CapacityExceededError(
                f"bookings hold more than {body.capacity} experiments at once on {code}"
            ) from None
        record(
            self.session,
            self.principal,
            "instrument.update",
            "instrument",
            code,
            detail=body.model_dump(exclude_none=True),
        )
        return instrument

    def list_closed_periods(
        self, code: str, limit: int, offset: int
    ) -> tuple[Sequence[ClosedPeriod], int]:
        """A page of an instrument's closed periods.

        Raises:
            NotFoundError: no such instrument.
        """
        instrument = self.get_instrument(code)
        return self.repository.closed_period_page(instrument.id, limit, offset)

    def add_closed_period(self, code: str, body: ClosedPeriodCreate) -> ClosedPeriod:
        """Close an instrument for a period.

        Raises:
            NotFoundError, ForbiddenError.
        """
        instrument = self.get_instrument(code)
        self._require_coordinator_of(instrument.facility.code)
        period = ClosedPeriod(
            instrument_id=instrument.id,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            reason=body.reason,
        )
        self.repository.add(period)
        mark_losses(
            self.session,
            [instrument.id],
            body.starts_at,
            body.ends_at,
            body.reason or "closed period",
        )
        record(
            self.session,
            self.principal,
            "closed_period.create",
            "instrument",
            code,
            detail={"starts_at": body.starts_at.isoformat(), "ends_at": body.ends_at.isoformat()},
        )
        return period

    def delete_closed_period(self, code: str, period_id: int) -> None:
        """Reopen an instrument: remove one closed period.

        Raises:
            NotFoundError, ForbiddenError.
        """
        instrument = self.get_instrument(code)
        period = self.repository.closed_period(instrument.id, period_id)
        if period is None:
            raise NotFoundError(f"no closed period {period_id} on {code}")
        self._require_coordinator_of(instrument.facility.code)
        self.repository.delete(period)
        record(
            self.session,
            self.principal,
            "closed_period.delete",
            "instrument",
            code,
            detail={"closed_period": period_id},
        )
