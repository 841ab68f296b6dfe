"""Proposals in the pages: the list, a proposal's page, submitting, editing, withdrawing
and scoring. Each post goes through the same service as the API (`ProposalService`,
`ReviewService`) with the visitor's principal; a form the service refuses comes back
with every problem next to the field it concerns, and nothing stored."""

from __future__ import annotations

import re
import secrets
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from api.deps import SessionDep
from api.errors import FieldProblem, InvalidInputError
from api.exports.cache import RememberDep
from api.groups.service import GroupService
from api.proposals.schemas import ProposalCreate, ProposalUpdate
from api.proposals.service import ProposalService
from api.reviews.schemas import ReviewCreate, ReviewUpdate
from api.reviews.service import ReviewService
from api.rounds.access import can_run
from api.rounds.service import RoundService
from api.routing import TransactionalRoute
from api.ui.actions import Confirmation, confirm_page, done
from api.ui.deps import SignedIn, Visitor, read_form, require_csrf
from api.ui.forms import form_model, optional_version
from api.ui.notices import notice
from api.ui.proposal_form import (
    MAX_FIELDS,
    ProposalBody,
    ProposalForm,
    filled_form,
    place_problems,
    posted_form,
    proposal_body,
)
from api.ui.templating import render
from api.ui.views.instruments import round_instruments
from api.ui.views.paging import every
from api.ui.views.proposal import ReviewForm, proposal_page
from api.ui.views.proposals import ProposalsChoice, proposals_page
from api.ui.views.rounds import round_header
from models.orm import Round

router = APIRouter(route_class=TransactionalRoute)
Notice = Annotated[str | None, Query(max_length=40)]
_SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
Body = TypeVar("Body", ProposalCreate, ProposalUpdate)


async def proposal_fields(request: Request) -> dict[str, str]:
    """A posted proposal form (longer than other forms: up to 100 requests)."""
    return await read_form(request, MAX_FIELDS)


def checked_proposal_form(
    request: Request,
    visitor: SignedIn,
    fields: Annotated[dict[str, str], Depends(proposal_fields)],
) -> dict[str, str]:
    """A posted proposal form whose CSRF token has been checked.

    Raises:
        CsrfRejectedError: a missing or wrong token, or a foreign origin.
    """
    require_csrf(request, fields, visitor.nonce)
    return fields


ProposalFields = Annotated[dict[str, str], Depends(checked_proposal_form)]


Choice = Annotated[str, Query(max_length=40)]


@router.get("/rounds/{round_code}/proposals")
def proposals(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    remember: RememberDep,
    scored: Choice = "",
    group: Annotated[str, Query(max_length=200)] = "",
    status: Choice = "",
    outcome: Choice = "",
    search: Annotated[str, Query(max_length=200)] = "",
    sort: Choice = "proposal",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    done: Notice = None,
) -> Response:
    """The round's proposals the visitor sees, in pages: filtered by score, group,
    review status, outcome and a search of id and title, in the order asked for."""
    chosen = ProposalsChoice(scored, group, status, outcome, search.strip(), sort, page)
    view = proposals_page(session, visitor.principal, round_code, chosen, remember=remember)
    return render("proposals.html", {"visitor": visitor, "page": view, "notice": notice(done)})


def _groups_to_choose(session: Session, visitor: Visitor, round_: Round) -> list[str]:
    """The groups a round's coordinator (or an admin) may submit a proposal for: all."""
    if not can_run(visitor.principal, round_):
        return []  # proposers submit for their own group, and choose nothing
    groups = every(GroupService(session, visitor.principal).list_visible)
    return [group.code for group in groups]


def _form_page(
    session: Session,
    visitor: Visitor,
    round_: Round,
    form: ProposalForm,
    editing: str | None,
    status: int = 200,
) -> Response:
    base = f"/ui/rounds/{round_.code}/proposals"
    groups = [] if editing else _groups_to_choose(session, visitor, round_)
    return render(
        "proposal_form.html",
        {
            "visitor": visitor,
            "header": round_header(visitor.principal, round_),
            "form": form,
            "editing": editing,
            "heading": f"Edit proposal {editing}" if editing else "Submit a proposal",
            "action": f"{base}/{editing}/edit" if editing else base,
            "back": f"{base}/{editing}" if editing else base,
            "instruments": round_instruments(session, round_),
            "groups": groups,
            "notice": "",
        },
        status,
    )


@router.get("/rounds/{round_code}/proposals/new")
def new_proposal(round_code: str, session: SessionDep, visitor: SignedIn) -> Response:
    """The form to submit a proposal."""
    round_ = RoundService(session, visitor.principal).get(round_code)
    form = ProposalForm(submission=secrets.token_urlsafe(18))
    return _form_page(session, visitor, round_, form, None)


def _checked_body(
    round_: Round, form: ProposalForm, model: type[Body]
) -> tuple[ProposalBody, Body | None]:
    """The API body the form makes, validated as the API validates it; every problem
    found so far is placed on the form (the caller decides whether to go on)."""
    body = proposal_body(round_, form)
    try:
        return body, form_model(model, body.values)
    except InvalidInputError as error:
        place_problems(form, body, error.errors)
        return body, None


def _refused(
    session: Session, visitor: Visitor, round_: Round, form: ProposalForm, editing: str | None
) -> Response:
    session.rollback()  # nothing of a refused form is kept
    form.problems.setdefault("form", ["The proposal has problems; see the fields marked."])
    return _form_page(session, visitor, round_, form, editing, 422)


@router.post("/rounds/{round_code}/proposals")
def submit_proposal(
    round_code: str, session: SessionDep, visitor: SignedIn, fields: ProposalFields
) -> Response:
    """Submit the proposal (or, with "add a request", show the form with one more)."""
    round_ = RoundService(session, visitor.principal).get(round_code)
    form = posted_form(fields)
    if "more" in fields:
        return _form_page(session, visitor, round_, form.with_blank_request(), None)
    if not can_run(visitor.principal, round_):
        form.group = ""  # proposers submit for their own group; their form has no choice
    body, create = _checked_body(round_, form, ProposalCreate)
    if not form.group and can_run(visitor.principal, round_):
        form.add_problem("group", "choose the group the proposal is for")
    if form.problems or create is None:
        return _refused(session, visitor, round_, form, None)
    key = form.submission if _SUBMISSION.match(form.submission) else None
    try:
        view, _ = ProposalService(session, visitor.principal).submit(round_code, create, key)
    except InvalidInputError as error:
        place_problems(form, body, error.errors or [FieldProblem("form", error.detail)])
        return _refused(session, visitor, round_, form, None)
    return done(f"/ui/rounds/{round_code}/proposals/{view.id}", "submitted")


@router.get("/rounds/{round_code}/proposals/{code}")
def proposal(
    round_code: str, code: str, session: SessionDep, visitor: SignedIn, done: Notice = None
) -> Response:
    """A proposal: its requests in dates and times, its reviews and history as allowed."""
    view = proposal_page(session, visitor.principal, round_code, code)
    return render("proposal.html", {"visitor": visitor, "page": view, "notice": notice(done)})


@router.get("/rounds/{round_code}/proposals/{code}/edit")
def edit_proposal(round_code: str, code: str, session: SessionDep, visitor: SignedIn) -> Response:
    """The form to change a proposal, filled with it."""
    service = ProposalService(session, visitor.principal)
    round_, found = service.get(round_code, code)
    form = filled_form(round_, service.view(round_, found))
    return _form_page(session, visitor, round_, form.with_blank_request(), code)


@router.post("/rounds/{round_code}/proposals/{code}/edit")
def save_proposal(
    round_code: str, code: str, session: SessionDep, visitor: SignedIn, fields: ProposalFields
) -> Response:
    """Save the changed proposal (under the version the form was shown at)."""
    service = ProposalService(session, visitor.principal)
    round_, _ = service.get(round_code, code)
    form = posted_form(fields)
    if "more" in fields:
        return _form_page(session, visitor, round_, form.with_blank_request(), code)
    version = optional_version(form.version)
    if version is None:
        raise InvalidInputError(
            "the form has problems", errors=[FieldProblem("version", "missing")]
        )
    body, update = _checked_body(round_, form, ProposalUpdate)
    if form.problems or update is None:
        return _refused(session, visitor, round_, form, code)
    try:
        service.update(round_code, code, update, version)
    except InvalidInputError as error:
        place_problems(form, body, error.errors or [FieldProblem("form", error.detail)])
        return _refused(session, visitor, round_, form, code)
    return done(f"/ui/rounds/{round_code}/proposals/{code}", "saved")


@router.get("/rounds/{round_code}/proposals/{code}/withdraw")
def confirm_withdraw(
    round_code: str, code: str, session: SessionDep, visitor: SignedIn
) -> Response:
    """Ask before withdrawing a proposal."""
    service = ProposalService(session, visitor.principal)
    _, found = service.get(round_code, code)
    return confirm_page(
        visitor,
        Confirmation(
            title=f"Withdraw proposal {code}?",
            explanation=f"“{found.title}” and its requests are removed from round "
            f"{round_code}; this cannot be undone. You may submit a new proposal while the "
            "call is open.",
            action=f"/ui/rounds/{round_code}/proposals/{code}/withdraw",
            button="Withdraw the proposal",
            back=f"/ui/rounds/{round_code}/proposals/{code}",
            round=round_code,
            fields=[("version", str(found.version))],
            danger=True,
        ),
    )


@router.post("/rounds/{round_code}/proposals/{code}/withdraw")
def withdraw_proposal(
    round_code: str, code: str, session: SessionDep, visitor: SignedIn, fields: ProposalFields
) -> Response:
    """Withdraw a proposal (under the version the confirmation was shown at)."""
    version = optional_version(fields.get("version"))
    if version is None:
        raise InvalidInputError(
            "the form has problems", errors=[FieldProblem("version", "missing")]
        )
    ProposalService(session, visitor.principal).withdraw(round_code, code, version)
    return done(f"/ui/rounds/{round_code}/proposals", "withdrawn")


@router.post("/rounds/{round_code}/proposals/{code}/review")
def score_proposal(
    round_code: str, code: str, session: SessionDep, visitor: SignedIn, fields: ProposalFields
) -> Response:
    """Score a proposal, or change one's score (a reviewer of the round, in review)."""
    values: dict[str, object] = {
        "score": fields.get("score", "").strip(),
        "comment": fields.get("comment", ""),
    }
    reviews = ReviewService(session, visitor.principal)
    try:
        review_id = fields.get("review", "")
        if review_id:
            version = optional_version(fields.get("version"))
            if not review_id.isdigit() or version is None:
                raise InvalidInputError(
                    "the form has problems", errors=[FieldProblem("review", "not a review")]
                )
            update = form_model(ReviewUpdate, values)
            reviews.update(round_code, code, int(review_id), update, version)
        else:
            reviews.create(round_code, code, form_model(ReviewCreate, values))
    except InvalidInputError as error:
        session.rollback()
        problems: dict[str, list[str]] = {}
        for problem in error.errors or [FieldProblem("form", error.detail)]:
            name = problem.path.removeprefix("body.").split(".")[0]
            problems.setdefault(name if name in values else "form", []).append(problem.message)
        form = ReviewForm(
            score=fields.get("score", ""), comment=fields.get("comment", ""), problems=problems
        )
        view = proposal_page(session, visitor.principal, round_code, code, form)
        context = {"visitor": visitor, "page": view, "notice": ""}
        return render("proposal.html", context, 422)
    return RedirectResponse(f"/ui/rounds/{round_code}/proposals/{code}?done=scored", 303)
