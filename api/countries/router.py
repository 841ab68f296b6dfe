"""`/countries`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.concurrency import IfMatchDep, set_etag
from api.countries.schemas import CountryCreate, CountryRead, CountryUpdate
from api.countries.service import CountryService
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/countries", tags=["countries"])


@router.get("", response_model=Page[CountryRead], summary="List countries")
def list_countries(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[CountryRead]:
    """Every country, by code."""
    rows, total = CountryService(session, principal).list_visible(page.limit, page.offset)
    return Page.of([CountryRead.model_validate(row) for row in rows], total, page)


@router.post(
    "",
    response_model=CountryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a country",
    responses=problem_responses(403, 409),
)
def create_country(
    body: CountryCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> CountryRead:
    """Add a country (admins and coordinators)."""
    country = CountryService(session, principal).create(body)
    set_etag(response, country.version)
    return CountryRead.model_validate(country)


@router.get(
    "/{code}",
    response_model=CountryRead,
    summary="Read a country",
    responses=problem_responses(404),
)
def read_country(
    code: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> CountryRead:
    """One country, with its ETag."""
    country = CountryService(session, principal).get(code)
    set_etag(response, country.version)
    return CountryRead.model_validate(country)


@router.patch(
    "/{code}",
    response_model=CountryRead,
    summary="Rename a country",
    responses=problem_responses(403, 404, 412, 428),
)
def update_country(
    *,
    code: str,
    body: CountryUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> CountryRead:
    """Change a country's name (admins; If-Match required)."""
    country = CountryService(session, principal).update(code, body, version)
    set_etag(response, country.version)
    return CountryRead.model_validate(country)
