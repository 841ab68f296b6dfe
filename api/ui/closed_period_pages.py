"""A coordinator closes and reopens the round's instruments in the pages: the closed
periods page, its form to add one, and removing one (a confirmation naming the period and
the round's shifts it closes, in dates, then the post). Each post calls the service the
API calls (`FacilityService`, which checks the facility's coordinators and audits); a
refused form comes back with its problems beside its fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.responses import Response

from api.deps import SessionDep
from api.errors import FieldProblem, ForbiddenError, InvalidInputError, NotFoundError
from api.facilities.schemas import ClosedPeriodCreate
from api.facilities.service import FacilityService
from api.rounds.calendar import round_end, shift_start, written_period, written_round_shifts
from api.routing import TransactionalRoute
from api.ui.actions import Confirmation, confirm_page, done
from api.ui.deps import CheckedForm, SignedIn, Visitor
from api.ui.form_times import TimeInputError, parse_utc
from api.ui.forms import form_model
from api.ui.notices import notice
from api.ui.templating import render
from api.ui.views.bookings import runner_round
from api.ui.views.closed_periods import ClosedPeriodForm, closed_period_of, closed_periods_page
from api.ui.views.instruments import round_instruments

router = APIRouter(route_class=TransactionalRoute)
Notice = Annotated[str | None, Query(max_length=40)]


def _closed_periods(
    session: Session,
    visitor: Visitor,
    round_code: str,
    form: ClosedPeriodForm,
    status: int = 200,
    shown: str = "",
) -> Response:
    view = closed_periods_page(session, visitor.principal, round_code, form)
    context = {"visitor": visitor, "page": view, "notice": notice(shown)}
    return render("closed_periods.html", context, status)


@router.get("/rounds/{round_code}/closed-periods")
def closed_periods(
    round_code: str, session: SessionDep, visitor: SignedIn, done: Notice = None
) -> Response:
    """The closed periods of the round's instruments, and the form to add one."""
    return _closed_periods(session, visitor, round_code, ClosedPeriodForm(), shown=done or "")


@router.post("/rounds/{round_code}/closed-periods")
def add_closed_period(
    round_code: str, session: SessionDep, visitor: SignedIn, form: CheckedForm
) -> Response:
    """Close an instrument of the round for a period (maintenance, machine development)."""
    round_, _ = runner_round(session, visitor.principal, round_code)
    typed = ClosedPeriodForm(
        instrument=form.get("instrument", "").strip(),
        starts_at=form.get("starts_at", "").strip(),
        ends_at=form.get("ends_at", "").strip(),
        reason=form.get("reason", "").strip(),
    )
    values: dict[str, object] = {"reason": typed.reason}
    for name in ("starts_at", "ends_at"):
        text = getattr(typed, name)
        try:
            values[name] = parse_utc(text)
        except TimeInputError as error:
            typed.add_problem(name, str(error) if text else "required")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and starts < ends:
        opens, closes = shift_start(round_, 0), round_end(round_)
        if ends <= opens or starts >= closes:
            # The page lists the periods that touch the round; one outside it would vanish.
            typed.add_problem(
                "starts_at",
                f"the period lies outside the round, which runs {written_period(opens, closes)}",
            )
    if typed.instrument not in {row.code for row in round_instruments(session, round_)}:
        typed.add_problem("instrument", "choose an instrument of the round")
    status = 422
    try:
        body = form_model(ClosedPeriodCreate, values)
        if not typed.problems:
            FacilityService(session, visitor.principal).add_closed_period(typed.instrument, body)
    except InvalidInputError as error:
        typed.place(error.errors or [FieldProblem("form", error.detail)])
    except (NotFoundError, ForbiddenError) as error:
        typed.add_problem("instrument", error.detail)
        status = error.status
    if typed.problems:
        session.rollback()  # nothing of a refused period is kept
        return _closed_periods(session, visitor, round_code, typed, status)
    return done(f"/ui/rounds/{round_code}/closed-periods", "closed-period-added")


@router.get("/rounds/{round_code}/closed-periods/{period_id}/remove")
def confirm_remove_closed_period(
    round_code: str, period_id: str, session: SessionDep, visitor: SignedIn
) -> Response:
    """Ask before removing a closed period, naming it and the round's shifts it reopens."""
    round_, _ = runner_round(session, visitor.principal, round_code)
    instrument, period = closed_period_of(session, round_, period_id)
    reason = f" ({period.reason})" if period.reason else ""
    closed = written_period(period.starts_at, period.ends_at)
    shifts = written_round_shifts(round_, period.first, period.end)
    # A period inside shifts closes the whole shifts it touches: name them when they differ.
    touched = "its shifts" if shifts == closed else f"the round's shifts {shifts}"
    return confirm_page(
        visitor,
        Confirmation(
            title="Remove this closed period?",
            explanation=f"{instrument.code} is no longer closed {closed}{reason}: {touched} "
            f"(shifts {period.first}–{period.end - 1}) open to bookings again, unless another "
            "closed period covers them. Shifts that bookings already lost to it stay recorded "
            "as lost.",
            action=f"/ui/rounds/{round_code}/closed-periods/{period_id}/remove",
            button="Remove the closed period",
            back=f"/ui/rounds/{round_code}/closed-periods",
            round=round_code,
            danger=True,
        ),
    )


@router.post("/rounds/{round_code}/closed-periods/{period_id}/remove")
def remove_closed_period(
    round_code: str, period_id: str, session: SessionDep, visitor: SignedIn, _form: CheckedForm
) -> Response:
    """Reopen an instrument: remove one of its closed periods (its facility's coordinators,
    admins)."""
    round_, _ = runner_round(session, visitor.principal, round_code)
    instrument, period = closed_period_of(session, round_, period_id)
    FacilityService(session, visitor.principal).delete_closed_period(instrument.code, period.id)
    return done(f"/ui/rounds/{round_code}/closed-periods", "closed-period-removed")
