"""The balances page: the country report of `ExportService.country_report`, drawn.

The figures are the report endpoint's, unchanged (the page and
`GET /rounds/{r}/reports/countries` always agree); the page adds the bands and the
charts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import NotFoundError
from api.exports.cache import Remember, forget
from api.exports.policy_view import PolicyViews
from api.exports.reports import ContributionFigures, ReciprocityFigures
from api.exports.service import ExportService
from api.ui.charts.balances import (
    BalanceChart,
    CoefficientChart,
    balance_chart,
    band_label,
    band_of,
    coefficient_chart,
)
from api.ui.views.rounds import RoundHeader, visible_round
from api.ui.views.schedule import country_names


@dataclass(frozen=True)
class ContributionView:
    """A contribution policy: its figures, its chart and each member's band."""

    figures: ContributionFigures
    chart: CoefficientChart
    bands: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class ReciprocityView:
    """A reciprocity agreement: its figures and its chart."""

    figures: ReciprocityFigures
    chart: BalanceChart


@dataclass(frozen=True)
class SoftPolicy:
    """A soft policy and how many shifts it is violated by."""

    policy: str
    kind: str
    violation: float


@dataclass(frozen=True)
class BalancesPage:
    """What the balances page shows."""

    header: RoundHeader
    source: str
    contribution: list[ContributionView]
    reciprocity: list[ReciprocityView]
    soft: list[SoftPolicy]
    missing: str
    country_names: dict[str, str]


def balances_page(
    session: Session,
    principal: Principal,
    code: str,
    *,
    remember: Remember = forget,
    policy_views: PolicyViews | None = None,
) -> BalancesPage:
    """The country report of round `code`, with its charts (`remember` keeps a report
    computed on a cache miss, `api.exports.cache`; `policy_views` the app's stand-ins).

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor does not run the round.
    """
    _, header = visible_round(session, principal, code)
    names = country_names(session, principal)
    try:
        report = ExportService(
            session, principal, remember=remember, policy_views=policy_views
        ).country_report(code)
    except NotFoundError as missing:
        return BalancesPage(header, "", [], [], [], missing.detail, names)
    contribution = [contribution_view(figures) for figures in report.contribution]
    reciprocity = [
        ReciprocityView(figures, balance_chart(figures.balance, figures.tolerance))
        for figures in report.reciprocity
    ]
    soft = [
        SoftPolicy(f.policy, "contribution share", f.violation)
        for f in report.contribution
        if f.mode == "soft"
    ] + [
        SoftPolicy(f.policy, "reciprocity", f.violation)
        for f in report.reciprocity
        if f.mode == "soft"
    ]
    return BalancesPage(header, report.source, contribution, reciprocity, soft, "", names)


def contribution_view(figures: ContributionFigures) -> ContributionView:
    """A contribution policy's chart; its ratio bounds drawn where the report implies them."""
    bounds: set[float] = set()
    max_ratio: float | None = None
    for member in figures.members:
        if member.entitlement > 0:
            if member.lower_bound > 0:
                bounds.add(round(member.lower_bound / member.entitlement, 4))
            if member.upper_bound is not None:
                max_ratio = round(member.upper_bound / member.entitlement, 4)
                bounds.add(max_ratio)
    chart = coefficient_chart(
        [(member.country, member.return_coefficient) for member in figures.members],
        sorted(bounds),
        max_ratio,
    )
    bands = {
        member.country: (
            band_of(member.return_coefficient, max_ratio),
            band_label(band_of(member.return_coefficient, max_ratio), max_ratio),
        )
        for member in figures.members
    }
    return ContributionView(figures, chart, bands)
