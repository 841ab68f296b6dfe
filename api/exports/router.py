"""Schedule exports per round, per instrument and per group; the country report."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CurrentPrincipal, PolicyViewsDep, SessionDep
from api.exports.cache import Remember, RememberDep
from api.exports.reports import CountryReport
from api.exports.schedule import entries_csv, entries_ics
from api.exports.service import ExportService, Scope
from api.headers import attachment
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/rounds/{round_code}", tags=["exports"])

_ERRORS = problem_responses(403, 404)
_JSON = {
    200: {
        "content": {"application/json": {"schema": {"type": "object"}}},
        "description": "A `beamtime-solution/1` document.",
    },
    **_ERRORS,
}
_CSV = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "One row per block of shifts, with a header row.",
    },
    **_ERRORS,
}
_ICS = {
    200: {
        "content": {"text/calendar": {"schema": {"type": "string"}}},
        "description": "An RFC 5545 calendar, one event per block, times in UTC.",
    },
    **_ERRORS,
}


def _solution(
    session: SessionDep,
    principal: CurrentPrincipal,
    round_code: str,
    scope: Scope,
    remember: Remember,
) -> Response:
    text = ExportService(session, principal, remember=remember).solution(round_code, scope)
    return Response(text, media_type="application/json")


def _csv(
    session: SessionDep, principal: CurrentPrincipal, round_code: str, scope: Scope
) -> Response:
    round_, scope, rows = ExportService(session, principal).entries(round_code, scope)
    filename = f"{round_.code}-{scope.label}.csv"
    return Response(
        entries_csv(round_, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(filename)},
    )


def _ics(
    session: SessionDep, principal: CurrentPrincipal, round_code: str, scope: Scope
) -> Response:
    service = ExportService(session, principal)
    round_, scope, rows = service.entries(round_code, scope, withdrawn=True)
    name = f"beamtime {round_.code} ({scope.label})"
    return Response(
        entries_ics(round_, rows, name),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": attachment(f"{round_.code}-{scope.label}.ics")},
    )


@router.get(
    "/solution.json", summary="The round's solution", response_class=Response, responses=_JSON
)
def round_solution(
    round_code: str, session: SessionDep, principal: CurrentPrincipal, remember: RememberDep
) -> Response:
    """The accepted allocation's solution document (a proposer: its group's part)."""
    return _solution(session, principal, round_code, Scope(), remember)


@router.get(
    "/allocation.csv",
    summary="The round's schedule as CSV",
    response_class=Response,
    responses=_CSV,
)
def round_csv(round_code: str, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Bookings of a published round (else the accepted allocation) as CSV."""
    return _csv(session, principal, round_code, Scope())


@router.get(
    "/schedule.ics",
    summary="The round's schedule as iCalendar",
    response_class=Response,
    responses=_ICS,
)
def round_ics(round_code: str, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Bookings of a published round (else the accepted allocation) as an .ics calendar."""
    return _ics(session, principal, round_code, Scope())


@router.get(
    "/instruments/{instrument}/solution.json",
    summary="An instrument's solution",
    response_class=Response,
    responses=_JSON,
)
def instrument_solution(
    round_code: str,
    instrument: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    remember: RememberDep,
) -> Response:
    """The solution's assignments on one instrument."""
    return _solution(session, principal, round_code, Scope(instrument=instrument), remember)


@router.get(
    "/instruments/{instrument}/allocation.csv",
    summary="An instrument's schedule as CSV",
    response_class=Response,
    responses=_CSV,
)
def instrument_csv(
    round_code: str, instrument: str, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """One instrument's schedule as CSV."""
    return _csv(session, principal, round_code, Scope(instrument=instrument))


@router.get(
    "/instruments/{instrument}/schedule.ics",
    summary="An instrument's schedule as iCalendar",
    response_class=Response,
    responses=_ICS,
)
def instrument_ics(
    round_code: str, instrument: str, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """One instrument's schedule as an .ics calendar."""
    return _ics(session, principal, round_code, Scope(instrument=instrument))


@router.get(
    "/groups/{group}/solution.json",
    summary="A group's solution",
    response_class=Response,
    responses=_JSON,
)
def group_solution(
    round_code: str,
    group: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    remember: RememberDep,
) -> Response:
    """The solution's assignments and decisions for one group's proposals."""
    return _solution(session, principal, round_code, Scope(group=group), remember)


@router.get(
    "/groups/{group}/allocation.csv",
    summary="A group's schedule as CSV",
    response_class=Response,
    responses=_CSV,
)
def group_csv(
    round_code: str, group: str, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """One group's schedule as CSV."""
    return _csv(session, principal, round_code, Scope(group=group))


@router.get(
    "/groups/{group}/schedule.ics",
    summary="A group's schedule as iCalendar",
    response_class=Response,
    responses=_ICS,
)
def group_ics(
    round_code: str, group: str, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """One group's schedule as an .ics calendar, to subscribe to."""
    return _ics(session, principal, round_code, Scope(group=group))


@router.get(
    "/reports/countries",
    response_model=CountryReport,
    summary="Time against entitlement, per country",
    responses=_ERRORS,
)
def countries_report(
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    remember: RememberDep,
    policy_views: PolicyViewsDep,
) -> CountryReport:
    """Per contribution policy each member's time, entitlement and return coefficient; per
    reciprocity agreement G(A), G(B), the balance and its violation (kept per allocation
    and recomputed after any change to the round's bookings)."""
    return ExportService(
        session, principal, remember=remember, policy_views=policy_views
    ).country_report(round_code)
