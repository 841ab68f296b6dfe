"""`/rounds`: set up, list, change and move rounds through their lifecycle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from api.bodies import RawBody, document_body
from api.concurrency import IfMatchDep, parse_if_match, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.fields import Code
from api.headers import attachment
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.rounds.schemas import RoundCreate, RoundRead, RoundTransition, RoundUpdate
from api.rounds.service import RoundDocuments, RoundService
from api.routing import TransactionalRoute
from models.orm import RoundState

INSTANCE_EXAMPLE = {
    "format": "beamtime-instance/1",
    "round": {
        "id": "2027-I",
        "name": "Cycle 2027-I",
        "start": "2027-02-01T08:00:00Z",
        "shift_hours": 8,
        "n_shifts": 540,
    },
    "countries": [{"code": "RU", "name": "Russia"}, {"code": "KZ", "name": "Kazakhstan"}],
    "facilities": [{"id": "NICA", "name": "NICA complex, JINR", "host_country": "RU"}],
    "instruments": [
        {
            "id": "NICA-SOCHI",
            "facility": "NICA",
            "name": "SOCHI station",
            "capacity": 1,
            "closed": [[0, 21]],
        }
    ],
    "proposals": [
        {
            "id": "P-0001",
            "title": "Single-event effects in rad-hard SRAM",
            "score": 4.2,
            "countries": {"KZ": 0.6, "RU": 0.4},
            "requests": [
                {
                    "id": "P-0001/a",
                    "instruments": ["NICA-SOCHI"],
                    "shifts": 12,
                    "min_shifts": 6,
                    "min_block": 3,
                }
            ],
        }
    ],
    "precedences": [],
    "policies": [],
}

router = APIRouter(route_class=TransactionalRoute, prefix="/rounds", tags=["rounds"])


@router.get("", response_model=Page[RoundRead], summary="List rounds")
def list_rounds(session: SessionDep, principal: CurrentPrincipal, page: PageDep) -> Page[RoundRead]:
    """The rounds the caller may see, newest first."""
    rows, total = RoundService(session, principal).list_visible(page.limit, page.offset)
    return Page.of([RoundRead.from_row(row) for row in rows], total, page)


@router.post(
    "",
    response_model=RoundRead,
    status_code=status.HTTP_201_CREATED,
    summary="Set up a round",
    responses=problem_responses(403, 409),
)
def create_round(
    body: RoundCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> RoundRead:
    """Create a round in `draft` (admins, or coordinators of all its facilities)."""
    round_ = RoundService(session, principal).create(body)
    set_etag(response, round_.version)
    return RoundRead.from_row(round_)


@router.post(
    "/import",
    response_model=RoundRead,
    status_code=status.HTTP_201_CREATED,
    summary="Import a round from an instance document",
    responses=problem_responses(403, 409, 413, 422),
    openapi_extra=document_body(
        "A `beamtime-instance/1` document, as `beamtime validate` reads it.", INSTANCE_EXAMPLE
    ),
)
def import_round(
    *,
    raw: RawBody,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    group: Annotated[
        Code, Query(description="The research group the imported proposals belong to.")
    ] = "imported",
    state: Annotated[
        RoundState, Query(description="The state to create the round in (draft, open, review).")
    ] = RoundState.DRAFT,
) -> RoundRead:
    """Create a round, its countries, facilities, instruments, calendars, proposals,
    precedences and agreements in one transaction; every problem of the document is
    reported at once with its JSON path."""
    round_ = RoundDocuments(session, principal).import_document(raw, group, state)
    set_etag(response, round_.version)
    return RoundRead.from_row(round_)


@router.get(
    "/{round_code}/instance.json",
    summary="Export a round as an instance document",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": INSTANCE_EXAMPLE}
            },
            "description": "A `beamtime-instance/1` document.",
        },
        **problem_responses(403, 404, 409),
    },
)
def export_round(round_code: str, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """The round as the solver sees it (its coordinators and admins); 409 lists what keeps it
    from being a valid instance yet (e.g. unscored proposals)."""
    text = RoundDocuments(session, principal).export(round_code)
    return Response(
        text,
        media_type="application/json",
        headers={"Content-Disposition": attachment(f"{round_code}.json")},
    )


@router.get(
    "/{round_code}",
    response_model=RoundRead,
    summary="Read a round",
    responses=problem_responses(404),
)
def read_round(
    round_code: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> RoundRead:
    """One round, with its ETag."""
    round_ = RoundService(session, principal).get(round_code)
    set_etag(response, round_.version)
    return RoundRead.from_row(round_)


@router.patch(
    "/{round_code}",
    response_model=RoundRead,
    summary="Change a round",
    responses=problem_responses(403, 404, 409, 412, 428),
)
def update_round(
    *,
    round_code: str,
    body: RoundUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> RoundRead:
    """Change a round's name, or (in draft) its calendar and facilities; If-Match required."""
    round_ = RoundService(session, principal).update(round_code, body, version)
    set_etag(response, round_.version)
    return RoundRead.from_row(round_)


@router.post(
    "/{round_code}/transitions",
    response_model=RoundRead,
    summary="Move a round to another state",
    responses=problem_responses(403, 404, 409, 412),
)
def transition_round(
    *,
    round_code: str,
    body: RoundTransition,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description="Optional: the round's ETag.")
    ] = None,
) -> RoundRead:
    """`open`, `review`, `published` (creates the bookings of the accepted allocation in the
    same transaction) or `closed`. `allocated` is reached by accepting an allocation."""
    version = parse_if_match(if_match) if if_match is not None else None
    round_ = RoundService(session, principal).transition(round_code, body, version)
    set_etag(response, round_.version)
    return RoundRead.from_row(round_)
