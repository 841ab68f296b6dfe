"""`POST /rounds/{round}/whatifs`, `GET /rounds/{round}/whatifs` and `GET /whatifs/{id}`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import CurrentPrincipal, JobsDep, SessionDep, SettingsDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute
from api.whatifs.schemas import WhatIfCreate, WhatIfRead
from api.whatifs.service import WhatIfService

router = APIRouter(route_class=TransactionalRoute, tags=["what-if"])


@router.post(
    "/rounds/{round_code}/whatifs",
    response_model=WhatIfRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a what-if study",
    responses=problem_responses(403, 404, 409, 422),
)
def start_whatif(
    *,
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
    body: WhatIfCreate,
) -> WhatIfRead:
    """Queue one solve job for the round as it is now, one per variant and, with `price`,
    one per policy (the round without it); follow the study at `Location`. The round's
    coordinators only; a what-if never changes the round or its allocation."""
    service = WhatIfService(session, principal, settings, jobs)
    whatif = service.start(round_code, body)
    response.headers["Location"] = f"/whatifs/{whatif.id}"
    return service.view(whatif, with_report=False)


@router.get(
    "/rounds/{round_code}/whatifs",
    response_model=Page[WhatIfRead],
    summary="List a round's what-if studies",
    responses=problem_responses(403, 404),
)
def list_whatifs(
    *,
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    page: PageDep,
) -> Page[WhatIfRead]:
    """The round's studies, newest first, with their cases' states (`report` is null here;
    read a study for it)."""
    service = WhatIfService(session, principal, settings, jobs)
    rows, total = service.list_visible(round_code, page.limit, page.offset)
    return Page.of([service.view(row, with_report=False) for row in rows], total, page)


@router.get(
    "/whatifs/{whatif_id}",
    response_model=WhatIfRead,
    summary="Read a what-if study",
    responses=problem_responses(404),
)
def read_whatif(
    whatif_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> WhatIfRead:
    """The study's cases as their jobs stand and the `beamtime-whatif/1` report of those
    finished so far: base and variants side by side, and the price of each policy."""
    service = WhatIfService(session, principal, settings, jobs)
    return service.view(service.get(whatif_id))
