"""All pages under `/ui/`: sign-in, the pages that show, and the actions that change."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import RedirectResponse

from api.routing import TransactionalRoute
from api.ui.actions import router as actions
from api.ui.agreement_pages import router as agreement_pages
from api.ui.booking_pages import router as booking_pages
from api.ui.closed_period_pages import router as closed_period_pages
from api.ui.outage_pages import router as outage_pages
from api.ui.pages import router as pages
from api.ui.proposal_pages import router as proposal_pages
from api.ui.replan_pages import router as replan_pages
from api.ui.signin import router as signin

router = APIRouter(route_class=TransactionalRoute, prefix="/ui", include_in_schema=False)


@router.get("")
@router.get("/")
def home() -> RedirectResponse:
    """The rounds list is the home page."""
    return RedirectResponse("/ui/rounds", 303)


for part in (
    signin,
    pages,
    actions,
    proposal_pages,
    booking_pages,
    closed_period_pages,
    outage_pages,
    agreement_pages,
    replan_pages,
):
    router.include_router(part, include_in_schema=False)
