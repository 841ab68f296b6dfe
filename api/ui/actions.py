"""The actions that change something. Each is asked for on a confirmation page (GET) that
names what will happen, and done by posting that page's form (POST, CSRF-checked); the
services decide, exactly as for the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.responses import RedirectResponse, Response

from api.allocations.service import AllocationService
from api.bookings.service import BookingService
from api.deps import JobsDep, SessionDep, SettingsDep
from api.errors import FieldProblem, InvalidInputError
from api.rounds.access import require_runner
from api.rounds.calendar import written_round_shifts
from api.rounds.lifecycle import IRREVERSIBLE_TARGETS, require_transition
from api.rounds.schemas import RoundTransition
from api.rounds.service import RoundService
from api.routing import TransactionalRoute
from api.solves.schemas import SolveCreate
from api.solves.service import SolveService
from api.ui.deps import CheckedForm, SignedIn, Visitor
from api.ui.deps import field as required_field
from api.ui.forms import form_model, optional_version
from api.ui.templating import render
from api.ui.views.rounds import TRANSITION_LABELS
from models.orm import RoundState

router = APIRouter(route_class=TransactionalRoute)
BookingVerb = Literal["confirm", "decline"]
PAST = {"confirm": "confirmed", "decline": "declined"}


@dataclass(frozen=True)
class Confirmation:
    """A confirmation page: what will happen, and the form that makes it happen."""

    title: str
    explanation: str
    action: str
    button: str
    back: str
    round: str | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)
    danger: bool = False


def confirm_page(visitor: Visitor, confirmation: Confirmation) -> Response:
    """The confirmation page."""
    return render("confirm.html", {"visitor": visitor, "confirm": confirmation})


def done(path: str, notice: str) -> RedirectResponse:
    """After an action: back to a page (which may have a query of its own, such as the
    schedule's week), naming the notice to show."""
    joint = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joint}done={notice}", 303)


def _target(to: str) -> RoundState:
    try:
        return RoundState(to)
    except ValueError:
        raise InvalidInputError(
            "unknown state", errors=[FieldProblem("to", f"no state {to}")]
        ) from None


@router.get("/rounds/{round_code}/transition")
def confirm_transition(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    to: Annotated[str, Query(max_length=20)],
) -> Response:
    """Ask before moving a round to another state."""
    round_ = RoundService(session, visitor.principal).get(round_code)
    require_runner(visitor.principal, round_)
    target = _target(to)
    require_transition(round_.state, target)
    title, explanation = TRANSITION_LABELS[(round_.state, target.value)]
    return confirm_page(
        visitor,
        Confirmation(
            title=f"{title}?",
            explanation=f"Round {round_code} goes from {round_.state} to {target.value}. "
            f"{explanation}",
            action=f"/ui/rounds/{round_code}/transition",
            button=title,
            back=f"/ui/rounds/{round_code}",
            round=round_code,
            fields=[("to", target.value), ("version", str(round_.version))],
            danger=target in IRREVERSIBLE_TARGETS,
        ),
    )


@router.post("/rounds/{round_code}/transition")
def transition(
    round_code: str, session: SessionDep, visitor: SignedIn, form: CheckedForm
) -> Response:
    """Move a round to another state (publishing creates its bookings)."""
    body = form_model(RoundTransition, {"to": required_field(form, "to")})
    version = optional_version(form.get("version"))
    RoundService(session, visitor.principal).transition(round_code, body, version)
    return done(f"/ui/rounds/{round_code}", body.to)


@router.post("/rounds/{round_code}/solves")
def start_solve(
    round_code: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    form: CheckedForm,
) -> Response:
    """Start a solve (the form on the solves page is its confirmation) and follow it."""
    body = form_model(
        SolveCreate,
        {
            "method": form.get("method", "cpsat"),
            "time_limit": form.get("time_limit", ""),
            "workers": form.get("workers", "2"),
        },
    )
    job = SolveService(session, visitor.principal, settings, jobs).start(round_code, body)
    return RedirectResponse(f"/ui/solves/{job.id}", 303)


@router.get("/solves/{job_id}/cancel")
def confirm_cancel(
    job_id: str, session: SessionDep, settings: SettingsDep, jobs: JobsDep, visitor: SignedIn
) -> Response:
    """Ask before cancelling a solve."""
    job = SolveService(session, visitor.principal, settings, jobs).get(job_id)
    return confirm_page(
        visitor,
        Confirmation(
            title="Cancel the solve?",
            explanation="A queued solve is cancelled at once; a running one stops at its next "
            "check. A cancelled solve makes no allocation.",
            action=f"/ui/solves/{job_id}/cancel",
            button="Cancel the solve",
            back=f"/ui/solves/{job_id}",
            round=job.round.code,
            danger=True,
        ),
    )


@router.post("/solves/{job_id}/cancel")
def cancel_solve(
    job_id: str,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    visitor: SignedIn,
    _form: CheckedForm,
) -> Response:
    """Cancel a solve."""
    SolveService(session, visitor.principal, settings, jobs).cancel(job_id)
    return done(f"/ui/solves/{job_id}", "cancel-requested")


@router.get("/rounds/{round_code}/allocations/{allocation_id}/accept")
def confirm_accept(
    round_code: str, allocation_id: str, session: SessionDep, visitor: SignedIn
) -> Response:
    """Ask before accepting an allocation."""
    _, allocation = AllocationService(session, visitor.principal).get(round_code, allocation_id)
    objective = f"{allocation.objective:g}" if allocation.objective is not None else "none"
    return confirm_page(
        visitor,
        Confirmation(
            title="Accept this allocation?",
            explanation=f"The {allocation.solution_status} allocation made "
            f"{allocation.created_at:%d %b %Y %H:%M} UTC (objective {objective}) becomes round "
            f"{round_code}'s allocation, replacing any accepted before; the round becomes "
            "allocated. It is refused if the round changed since the solve.",
            action=f"/ui/rounds/{round_code}/allocations/{allocation_id}/accept",
            button="Accept the allocation",
            back=f"/ui/rounds/{round_code}/solves",
            round=round_code,
        ),
    )


@router.post("/rounds/{round_code}/allocations/{allocation_id}/accept")
def accept(
    round_code: str, allocation_id: str, session: SessionDep, visitor: SignedIn, _form: CheckedForm
) -> Response:
    """Accept an allocation."""
    AllocationService(session, visitor.principal).accept(round_code, allocation_id)
    return done(f"/ui/rounds/{round_code}", "accepted")


@router.get("/bookings/{booking_id}/{verb}")
def confirm_booking_change(
    booking_id: str, verb: BookingVerb, session: SessionDep, visitor: SignedIn
) -> Response:
    """Ask before confirming or declining a booking."""
    booking = BookingService(session, visitor.principal).get(booking_id)
    period = written_round_shifts(booking.round, booking.start, booking.start + booking.length)
    what = f"{booking.instrument.code}, {period} ({booking.length} shifts)"
    if verb == "confirm":
        title, explanation = "Confirm this booking?", f"Your group will come: {what}."
    else:
        title = "Decline this booking?"
        explanation = (
            f"Your group gives back {what}. The shifts are free for others at once; "
            "this cannot be undone."
        )
    return confirm_page(
        visitor,
        Confirmation(
            title=title,
            explanation=explanation,
            action=f"/ui/bookings/{booking_id}/{verb}",
            button=f"{verb.capitalize()} the booking",
            back=f"/ui/rounds/{booking.round.code}/group",
            round=booking.round.code,
            fields=[("version", str(booking.version))],
            danger=verb == "decline",
        ),
    )


@router.post("/bookings/{booking_id}/{verb}")
def change_booking(
    booking_id: str, verb: BookingVerb, session: SessionDep, visitor: SignedIn, form: CheckedForm
) -> Response:
    """Confirm or decline a booking."""
    service = BookingService(session, visitor.principal)
    version = optional_version(form.get("version"))
    booking = (service.confirm if verb == "confirm" else service.decline)(booking_id, version)
    return done(f"/ui/rounds/{booking.round.code}/group", PAST[verb])
