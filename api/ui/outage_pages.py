"""Recording an outage from the pages: a form (GET), a confirmation naming the bookings it
hits and the shifts they lose (GET, read-only), and the post that records it through
`OutageService.record` (CSRF-checked). Problems are shown next to their fields."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import RedirectResponse, Response

from api.deps import SessionDep
from api.errors import InvalidInputError
from api.outages.service import OutageService
from api.routing import TransactionalRoute
from api.ui.deps import CheckedForm, SignedIn
from api.ui.pages import page
from api.ui.views.outages import (
    OutageValues,
    field_errors,
    outage_check,
    outage_form,
    outage_of,
    posted_outage,
)

router = APIRouter(route_class=TransactionalRoute)
Text = Annotated[str, Query(max_length=1000)]
Codes = Annotated[list[str] | None, Query(max_length=1000)]


@router.get("/rounds/{round_code}/outages/new")
def new_outage(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    instrument: Codes = None,
    starts_at: Text = "",
    ends_at: Text = "",
    cause: Text = "",
) -> Response:
    """The form to record an outage (filled in already when asked: from the schedule's
    instrument, or from the confirmation to change what was typed)."""
    values = OutageValues(tuple(instrument or ()), starts_at, ends_at, cause)
    view = outage_form(session, visitor.principal, round_code, values)
    return page("outage_form.html", visitor, page=view, notice="")


@router.get("/rounds/{round_code}/outages/check")
def check_outage(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    instruments: Codes = None,
    starts_at: Text = "",
    ends_at: Text = "",
    cause: Text = "",
) -> Response:
    """The confirmation of the outage typed in the form, or the form again with its
    problems next to their fields (422)."""
    values = OutageValues(tuple(instruments or ()), starts_at, ends_at, cause)
    try:
        body = outage_of(values)
        view = outage_check(session, visitor.principal, round_code, body)
    except InvalidInputError as error:
        form = outage_form(session, visitor.principal, round_code, values, field_errors(error))
        return page("outage_form.html", visitor, 422, page=form, notice="")
    return page("outage_check.html", visitor, page=view, notice="")


@router.post("/rounds/{round_code}/outages")
def record_outage(
    round_code: str, session: SessionDep, visitor: SignedIn, form: CheckedForm
) -> Response:
    """Record the confirmed outage; back to the round's schedule."""
    body = posted_outage(
        form.get("instruments", ""),
        form.get("starts_at", ""),
        form.get("ends_at", ""),
        form.get("cause", ""),
    )
    OutageService(session, visitor.principal).record(round_code, body)
    return RedirectResponse(f"/ui/rounds/{round_code}?done=outage-recorded", 303)
