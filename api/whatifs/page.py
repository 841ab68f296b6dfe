"""The what-if pages: `/ui/rounds/{r}/whatifs` lists a round's studies, and
`/ui/whatifs/{id}` shows one, its variants side by side, drawn.

The figures are those of `GET /whatifs/{id}` unchanged; the page adds the two
drawings of `scheduler.whatif.charts` (a bar per agreement over its price
interval, each country's time per variant against its entitlement) and the
proposals whose decision changes.
"""

from __future__ import annotations

from fastapi import APIRouter
from markupsafe import Markup
from starlette.responses import Response

from api.deps import JobsDep, SessionDep, SettingsDep
from api.pagination import PageDep
from api.routing import TransactionalRoute
from api.ui.deps import SignedIn
from api.ui.templating import render
from api.whatifs.service import WhatIfService
from scheduler.whatif.charts import country_chart, price_chart
from scheduler.whatif.html import price_text

router = APIRouter(route_class=TransactionalRoute, prefix="/ui", include_in_schema=False)


@router.get("/whatifs/{whatif_id}")
def whatif_page(
    whatif_id: str,
    session: SessionDep,
    visitor: SignedIn,
    settings: SettingsDep,
    jobs: JobsDep,
) -> Response:
    """A study's cases, prices and per-country time, as far as its jobs have finished."""
    service = WhatIfService(session, visitor.principal, settings, jobs)
    view = service.view(service.get(whatif_id))
    report = view.report
    cases = [] if report is None else [report.base, *report.variants]
    return render(
        "whatif.html",
        {
            "visitor": visitor,
            "whatif": view,
            "report": report,
            "cases": cases,
            # The drawings escape every text they hold; they are markup as they stand.
            "price_svg": Markup(price_chart(report.prices))
            if report is not None and report.prices
            else None,
            "country_svg": Markup(country_chart(cases)) if cases else None,
            "price_text": price_text,
        },
    )


@router.get("/rounds/{round_code}/whatifs")
def whatifs_page(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    settings: SettingsDep,
    jobs: JobsDep,
    page: PageDep,
) -> Response:
    """The round's what-if studies, newest first, each linking to its page."""
    service = WhatIfService(session, visitor.principal, settings, jobs)
    rows, total = service.list_visible(round_code, page.limit, page.offset)
    return render(
        "whatifs.html",
        {
            "visitor": visitor,
            "round_code": round_code,
            "studies": [service.view(row, with_report=False) for row in rows],
            "total": total,
        },
    )
