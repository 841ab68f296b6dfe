"""The standing agreements' pages: the list, and one agreement's ledger with its charts."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from api.deps import SessionDep
from api.routing import TransactionalRoute
from api.ui.deps import SignedIn
from api.ui.pages import page
from api.ui.views.agreements import agreement_page, agreements_list, sides_of

router = APIRouter(route_class=TransactionalRoute)


@router.get("/agreements")
def agreements(session: SessionDep, visitor: SignedIn) -> Response:
    """The standing agreements about the visitor's facilities."""
    rows = agreements_list(session, visitor.principal)
    return page("agreements.html", visitor, agreements=rows, sides_of=sides_of)


@router.get("/agreements/{code}")
def agreement(code: str, session: SessionDep, visitor: SignedIn) -> Response:
    """One agreement's ledger over the rounds it covered, with its charts."""
    view = agreement_page(session, visitor.principal, code)
    return page("agreement.html", visitor, page=view)
