"""The pages that show: rounds, overview, schedule, balances, decisions, solves, group."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.deps import JobsDep, PolicyViewsDep, SessionDep, SettingsDep
from api.exports.cache import RememberDep
from api.headers import attachment
from api.routing import TransactionalRoute
from api.ui.deps import SignedIn, Visitor
from api.ui.notices import notice
from api.ui.templating import render
from api.ui.views.balances import balances_page
from api.ui.views.decisions import DecisionFilter, decisions_csv, decisions_page
from api.ui.views.group import GroupChoice, group_calendar, group_page
from api.ui.views.overview import overview_page
from api.ui.views.rounds import visible_rounds
from api.ui.views.schedule import schedule_page
from api.ui.views.schedule_view import ChosenView
from api.ui.views.solves import solve_page, solves_page
from api.ui.views.utilisation import utilisation_page

router = APIRouter(route_class=TransactionalRoute)

Notice = Annotated[str | None, Query(max_length=40)]
Filter = Annotated[str | None, Query(max_length=200)]


def decision_filter(
    outcome: Filter = None,
    instrument: Filter = None,
    country: Filter = None,
    sort: Filter = None,
    page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> DecisionFilter:
    """The decisions page's filter, order and page from its query parameters (the page and
    its CSV share them; the CSV has every page)."""
    return DecisionFilter.of(outcome, instrument, country, sort, page)


ChosenDecisions = Annotated[DecisionFilter, Depends(decision_filter)]


def page(template: str, visitor: Visitor, status: int = 200, **context: Any) -> Response:
    """A page for a signed-in visitor."""
    return render(template, {"visitor": visitor, **context}, status)


@router.get("/rounds")
def rounds(session: SessionDep, visitor: SignedIn) -> Response:
    """Every round the visitor sees."""
    return page("rounds.html", visitor, rounds=visible_rounds(session, visitor.principal))


@router.get("/rounds/{round_code}")
def overview(
    round_code: str, session: SessionDep, visitor: SignedIn, done: Notice = None
) -> Response:
    """A round's lifecycle, actions and allocation."""
    view = overview_page(session, visitor.principal, round_code)
    return page("overview.html", visitor, page=view, notice=notice(done))


@router.get("/rounds/{round_code}/schedule")
def schedule(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    chosen: ChosenView,
    done: Notice = None,
) -> Response:
    """The Gantt chart of the round's schedule (a week, a facility, an instrument)."""
    view = schedule_page(session, visitor.principal, round_code, chosen)
    return page("schedule.html", visitor, page=view, notice=notice(done))


@router.get("/rounds/{round_code}/utilisation")
def utilisation(
    round_code: str, session: SessionDep, visitor: SignedIn, facility: Filter = None
) -> Response:
    """The whole round as instruments by weeks: the share of places the schedule uses."""
    view = utilisation_page(session, visitor.principal, round_code, facility=facility or None)
    return page("utilisation.html", visitor, page=view, notice="")


@router.get("/rounds/{round_code}/balances")
def balances(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    remember: RememberDep,
    policy_views: PolicyViewsDep,
) -> Response:
    """Country balances against entitlements and reciprocity agreements."""
    view = balances_page(
        session, visitor.principal, round_code, remember=remember, policy_views=policy_views
    )
    return page("balances.html", visitor, page=view, notice="")


@router.get("/rounds/{round_code}/decisions")
def decisions(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    chosen: ChosenDecisions,
    remember: RememberDep,
) -> Response:
    """Every proposal's outcome and reasons, filtered."""
    view = decisions_page(session, visitor.principal, round_code, chosen, remember=remember)
    return page("decisions.html", visitor, page=view, notice="")


@router.get("/rounds/{round_code}/decisions.csv")
def decisions_download(
    round_code: str, session: SessionDep, visitor: SignedIn, chosen: ChosenDecisions
) -> Response:
    """The filtered decisions as CSV."""
    view = decisions_page(session, visitor.principal, round_code, chosen, every_row=True)
    return Response(
        decisions_csv(view),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": attachment(f"{round_code}-decisions.csv"),
            "Cache-Control": "no-store",
        },
    )


@router.get("/rounds/{round_code}/solves")
def solves(
    round_code: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
) -> Response:
    """The round's solve jobs, candidate allocations, and the form to start a solve."""
    view = solves_page(session, visitor.principal, settings, jobs, round_code)
    return page("solves.html", visitor, page=view, notice="")


@router.get("/solves/{job_id}")
def solve(
    job_id: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    done: Notice = None,
) -> Response:
    """A solve's progress, updating live while it runs."""
    view = solve_page(session, visitor.principal, settings, jobs, job_id)
    return page("solve.html", visitor, page=view, notice=notice(done))


@router.get("/solves/{job_id}/live")
def solve_live(
    job_id: str, session: SessionDep, settings: SettingsDep, jobs: JobsDep, visitor: SignedIn
) -> Response:
    """The live part of a solve's page, fetched again and again while the solve runs."""
    view = solve_page(session, visitor.principal, settings, jobs, job_id)
    return page("_solve_live.html", visitor, page=view)


def group_choice(
    search: Filter = None,
    sort: Filter = None,
    page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    status: Filter = None,
    instrument: Filter = None,
    bookings_sort: Filter = None,
    bookings_page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> GroupChoice:
    """The group page's searches, orders, filters and pages from its query parameters."""
    return GroupChoice.of(search, sort, page, status, instrument, bookings_sort, bookings_page)


@router.get("/rounds/{round_code}/group")
def group(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    chosen: Annotated[GroupChoice, Depends(group_choice)],
    remember: RememberDep,
    done: Notice = None,
) -> Response:
    """A proposer's page: its group's proposals, decisions, bookings and calendar, each
    list paged, sorted and filtered on the server."""
    view = group_page(session, visitor.principal, round_code, chosen, remember=remember)
    return page("group.html", visitor, page=view, notice=notice(done))


@router.get("/rounds/{round_code}/group/schedule.ics")
def group_ics(round_code: str, session: SessionDep, visitor: SignedIn) -> Response:
    """The group's bookings as an iCalendar file."""
    filename, text = group_calendar(session, visitor.principal, round_code)
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": attachment(filename)},
    )
