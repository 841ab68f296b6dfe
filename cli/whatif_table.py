"""The terminal summary of `beamtime whatif`: cases, prices and time per country as tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from scheduler.whatif.html import number, price_text
from scheduler.whatif.report import WhatIfReport


def print_whatif_summary(console: Console, report: WhatIfReport) -> None:
    """Print the report's tables."""
    cases = [report.base, *report.variants]
    overview = Table(title="Cases", title_justify="left")
    for column in (
        "case",
        "status",
        "objective",
        "bound",
        "awarded shifts",
        "proposals",
        "changed",
    ):
        overview.add_column(column, justify="left" if column in ("case", "status") else "right")
    for case in cases:
        status = case.status
        if case.conflict:
            status += " (conflict: " + ", ".join(case.conflict) + ")"
        overview.add_row(
            case.id,
            status,
            number(case.objective),
            number(case.bound),
            str(case.awarded_shifts),
            str(case.proposals_awarded),
            str(len(case.changed_decisions)),
        )
    console.print(overview)
    if report.prices is not None:
        prices = Table(title="Price of each agreement (score-shifts)", title_justify="left")
        for column in ("agreement", "price", "LP estimate", "status", "gains without it"):
            prices.add_column(column, justify="left" if column != "LP estimate" else "right")
        for price in report.prices:
            gains = _largest_gains(price.countries)
            prices.add_row(
                price.policy,
                price_text(price),
                number(price.estimate),
                price.status,
                gains or "-",
            )
        console.print(prices)
    countries = Table(title="Time per country (shifts)", title_justify="left")
    countries.add_column("country")
    for case in cases:
        countries.add_column(case.id, justify="right")
    for country in report.base.countries:
        countries.add_row(country, *(number(c.countries.get(country), 1) for c in cases))
    console.print(countries)


SHOWN_GAINS = 4
"""Countries shown per agreement in the terminal; the JSON and HTML reports list all."""


def _largest_gains(countries: dict[str, float]) -> str:
    ranked = sorted(countries.items(), key=lambda item: -abs(item[1]))
    shown = ", ".join(f"{c} {g:+.1f}" for c, g in ranked[:SHOWN_GAINS])
    hidden = len(ranked) - SHOWN_GAINS
    return shown + (f" and {hidden} more" if hidden > 0 else "")
