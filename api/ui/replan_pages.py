"""Re-plans from the pages: a round's re-plans and the form that starts one (a job: its
page follows it live, as a solve's does), and a re-plan's difference against the
bookings, and accepting it (`ReplanService.accept`, the API's own rule)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import RedirectResponse, Response

from api.deps import JobsDep, SessionDep, SettingsDep
from api.errors import InvalidInputError
from api.replans.schemas import ReplanCreate
from api.replans.service import ReplanService
from api.routing import TransactionalRoute
from api.ui.deps import CheckedForm, SignedIn
from api.ui.forms import form_model
from api.ui.notices import notice
from api.ui.pages import page
from api.ui.views.outages import field_errors
from api.ui.views.replans import replan_page, replans_page

router = APIRouter(route_class=TransactionalRoute)
START_FIELDS = ("now", "change_weight", "time_limit", "workers")


@router.get("/rounds/{round_code}/replans")
def replans(
    round_code: str, session: SessionDep, settings: SettingsDep, visitor: SignedIn
) -> Response:
    """The round's re-plans, and the form to start one."""
    view = replans_page(session, visitor.principal, settings, round_code)
    return page("replans.html", visitor, page=view, notice="")


def _number(text: str) -> int | float | str | None:
    """A form's number as JSON would carry it (`""` is none; text that is no number is
    left for the model to refuse, with its field)."""
    text = text.strip()
    if not text:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


@router.post("/rounds/{round_code}/replans")
def start_replan(
    round_code: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    form: CheckedForm,
) -> Response:
    """Start a re-plan and follow it; problems are shown next to their fields (422)."""
    values = {name: form.get(name, "") for name in START_FIELDS}
    numbers = {name: _number(value) for name, value in values.items()}
    try:
        body = form_model(
            ReplanCreate, {name: value for name, value in numbers.items() if value is not None}
        )
        job = ReplanService(session, visitor.principal, settings, jobs).start(round_code, body)
    except InvalidInputError as error:
        session.rollback()
        view = replans_page(
            session,
            visitor.principal,
            settings,
            round_code,
            errors=field_errors(error, START_FIELDS),
            values=values,
        )
        return page("replans.html", visitor, 422, page=view, notice="")
    return RedirectResponse(f"/ui/replans/{job.id}", 303)


AllInstruments = Annotated[bool, Query()]


@router.get("/replans/{job_id}")
def replan(
    job_id: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    all_instruments: AllInstruments = False,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """A re-plan's progress, live while it runs, then its difference against the bookings."""
    view = replan_page(
        session, visitor.principal, settings, jobs, job_id, all_instruments=all_instruments
    )
    return page("replan.html", visitor, page=view, notice=notice(done))


@router.post("/replans/{job_id}/accept")
def accept_replan(
    job_id: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    form: CheckedForm,
) -> Response:
    """Apply the re-plan to the bookings (refused, with the service's reason, if any booking
    changed since it started or it was accepted already)."""
    ReplanService(session, visitor.principal, settings, jobs).accept(job_id)
    return RedirectResponse(f"/ui/replans/{job_id}?done=replan-accepted", 303)


@router.get("/replans/{job_id}/live")
def replan_live(
    job_id: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    all_instruments: AllInstruments = False,
) -> Response:
    """The live part of a re-plan's page, fetched again and again while it runs."""
    view = replan_page(
        session, visitor.principal, settings, jobs, job_id, all_instruments=all_instruments
    )
    return page("_replan_live.html", visitor, page=view)
