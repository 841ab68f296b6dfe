"""`/facilities`, `/instruments` and closed periods."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.concurrency import IfMatchDep, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.facilities.schemas import (
    ClosedPeriodCreate,
    ClosedPeriodRead,
    FacilityCreate,
    FacilityRead,
    FacilityUpdate,
    InstrumentCreate,
    InstrumentRead,
    InstrumentUpdate,
)
from api.facilities.service import FacilityService
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["facilities"])


@router.get("/facilities", response_model=Page[FacilityRead], summary="List facilities")
def list_facilities(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[FacilityRead]:
    """Every facility, by code."""
    rows, total = FacilityService(session, principal).list_facilities(page.limit, page.offset)
    return Page.of([FacilityRead.from_row(row) for row in rows], total, page)


@router.post(
    "/facilities",
    response_model=FacilityRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a facility",
    responses=problem_responses(403, 409),
)
def create_facility(
    body: FacilityCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> FacilityRead:
    """Add a facility (admins, or coordinators whose scope names its code)."""
    facility = FacilityService(session, principal).create_facility(body)
    set_etag(response, facility.version)
    return FacilityRead.from_row(facility)


@router.get(
    "/facilities/{code}",
    response_model=FacilityRead,
    summary="Read a facility",
    responses=problem_responses(404),
)
def read_facility(
    code: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> FacilityRead:
    """One facility, with its ETag."""
    facility = FacilityService(session, principal).get_facility(code)
    set_etag(response, facility.version)
    return FacilityRead.from_row(facility)


@router.patch(
    "/facilities/{code}",
    response_model=FacilityRead,
    summary="Change a facility",
    responses=problem_responses(403, 404, 412, 428),
)
def update_facility(
    *,
    code: str,
    body: FacilityUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> FacilityRead:
    """Change a facility (its coordinators and admins; If-Match required)."""
    facility = FacilityService(session, principal).update_facility(code, body, version)
    set_etag(response, facility.version)
    return FacilityRead.from_row(facility)


@router.get(
    "/facilities/{code}/instruments",
    response_model=Page[InstrumentRead],
    summary="List a facility's instruments",
    responses=problem_responses(404),
)
def list_instruments(
    code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[InstrumentRead]:
    """The instruments of a facility, by code."""
    rows, total = FacilityService(session, principal).list_instruments(
        code, page.limit, page.offset
    )
    return Page.of([InstrumentRead.from_row(row) for row in rows], total, page)


@router.post(
    "/facilities/{code}/instruments",
    response_model=InstrumentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an instrument",
    responses=problem_responses(403, 404, 409),
)
def create_instrument(
    code: str,
    body: InstrumentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> InstrumentRead:
    """Add an instrument to a facility (its coordinators and admins)."""
    instrument = FacilityService(session, principal).create_instrument(code, body)
    set_etag(response, instrument.version)
    return InstrumentRead.from_row(instrument)


@router.get(
    "/instruments/{code}",
    response_model=InstrumentRead,
    summary="Read an instrument",
    responses=problem_responses(404),
)
def read_instrument(
    code: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> InstrumentRead:
    """One instrument, with its ETag."""
    instrument = FacilityService(session, principal).get_instrument(code)
    set_etag(response, instrument.version)
    return InstrumentRead.from_row(instrument)


@router.patch(
    "/instruments/{code}",
    response_model=InstrumentRead,
    summary="Change an instrument",
    responses=problem_responses(403, 404, 409, 412, 428),
)
def update_instrument(
    *,
    code: str,
    body: InstrumentUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> InstrumentRead:
    """Rename an instrument or change its capacity (If-Match required)."""
    instrument = FacilityService(session, principal).update_instrument(code, body, version)
    set_etag(response, instrument.version)
    return InstrumentRead.from_row(instrument)


@router.get(
    "/instruments/{code}/closed-periods",
    response_model=Page[ClosedPeriodRead],
    summary="List an instrument's closed periods",
    responses=problem_responses(404),
)
def list_closed_periods(
    code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[ClosedPeriodRead]:
    """When the instrument is not offered to users, in time order (UTC)."""
    rows, total = FacilityService(session, principal).list_closed_periods(
        code, page.limit, page.offset
    )
    return Page.of([ClosedPeriodRead.model_validate(row) for row in rows], total, page)


@router.post(
    "/instruments/{code}/closed-periods",
    response_model=ClosedPeriodRead,
    status_code=status.HTTP_201_CREATED,
    summary="Close an instrument for a period",
    responses=problem_responses(403, 404),
)
def create_closed_period(
    code: str, body: ClosedPeriodCreate, session: SessionDep, principal: CurrentPrincipal
) -> ClosedPeriodRead:
    """Add a closed period (maintenance, machine development, in-house time)."""
    period = FacilityService(session, principal).add_closed_period(code, body)
    return ClosedPeriodRead.model_validate(period)


@router.delete(
    "/instruments/{code}/closed-periods/{period_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a closed period",
    responses=problem_responses(403, 404),
)
def delete_closed_period(
    code: str,
    period_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Response:
    """Reopen the instrument for that period."""
    FacilityService(session, principal).delete_closed_period(code, period_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
