"""The what-if report as one self-contained HTML file: tables and inline SVG, no CDN."""

from __future__ import annotations

from html import escape

from scheduler.whatif.charts import country_chart, price_chart
from scheduler.whatif.report import CaseResult, PriceEntry, WhatIfReport

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.infeasible { color: #c44e52; }
"""


def number(value: float | None, digits: int = 2) -> str:
    """A figure for people: thousands separated, `-` when absent."""
    return "-" if value is None else f"{value:,.{digits}f}"


def price_text(price: PriceEntry) -> str:
    """`[low, high]`, a single number when exact, or why there is none."""
    if price.status == "infeasible":
        return "infeasible: " + ", ".join(price.conflict or ())
    if price.status == "exact":
        return number(price.low)
    high = "∞" if price.high is None else number(price.high)
    return f"[{number(price.low)}, {high}]"


def render_html(report: WhatIfReport) -> str:
    """The whole report page."""
    cases = [report.base, *report.variants]
    sections = [f"<h1>What-if, round {escape(report.round)}</h1>", _cases_table(cases)]
    if report.prices is not None:
        sections += [
            "<h2>Price of each agreement</h2>",
            "<p>Objective lost by holding the agreement (score-shifts): a proven interval, "
            "a single number when both solves are proven optimal; ◆ is the LP-dual estimate "
            "(not proven).</p>",
            price_chart(report.prices),
            _prices_table(report.prices),
        ]
    sections += ["<h2>Time per country</h2>", country_chart(cases), _countries_table(cases)]
    sections += [_changes(case) for case in report.variants]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>What-if {escape(report.round)}</title><style>{STYLE}</style></head><body>"
        + "".join(sections)
        + "</body></html>\n"
    )


def _cases_table(cases: list[CaseResult]) -> str:
    head = (
        "<tr><th>case</th><th>status</th><th>objective</th><th>bound</th>"
        "<th>awarded shifts</th><th>proposals awarded</th><th>changed decisions</th>"
        "<th>base allocation under its policies</th></tr>"
    )
    rows = []
    for case in cases:
        status = escape(case.status)
        if case.conflict:
            status += " (" + escape(", ".join(case.conflict)) + ")"
        rows.append(
            f'<tr class="{escape(case.status)}"><td>{escape(case.id)}</td><td>{status}</td>'
            f"<td>{number(case.objective)}</td><td>{number(case.bound)}</td>"
            f"<td>{case.awarded_shifts}</td><td>{case.proposals_awarded}</td>"
            f"<td>{len(case.changed_decisions)}</td>"
            f"<td>{number(case.base_allocation_objective)}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _prices_table(prices: list[PriceEntry]) -> str:
    head = (
        "<tr><th>agreement</th><th>price</th><th>estimate</th><th>status</th>"
        "<th>who gains without it (shifts)</th><th>decisions that change</th></tr>"
    )
    rows = [
        f"<tr><td>{escape(p.policy)}</td><td>{escape(price_text(p))}</td>"
        f"<td>{number(p.estimate)}</td><td>{escape(p.status)}</td>"
        f"<td>{escape(_gains(p.countries))}</td><td>{len(p.changed_decisions)}</td></tr>"
        for p in prices
    ]
    return f"<table>{head}{''.join(rows)}</table>"


def _gains(countries: dict[str, float]) -> str:
    return ", ".join(f"{c} {g:+,.1f}" for c, g in countries.items()) or "no change"


def _countries_table(cases: list[CaseResult]) -> str:
    head = "<tr><th>country</th>" + "".join(f"<th>{escape(c.id)}</th>" for c in cases) + "</tr>"
    countries = list(cases[0].countries)
    rows = [
        f"<tr><td>{escape(country)}</td>"
        + "".join(f"<td>{number(c.countries.get(country), 1)}</td>" for c in cases)
        + "</tr>"
        for country in countries
    ]
    return f"<table>{head}{''.join(rows)}</table>"


def _changes(case: CaseResult) -> str:
    title = f"<h2>Variant {escape(case.id)}" + (
        f": {escape(case.name)}</h2>" if case.name else "</h2>"
    )
    if case.conflict:
        return title + (
            '<p class="infeasible">No valid allocation: these rules conflict: '
            + escape(", ".join(case.conflict))
            + "</p>"
        )
    if not case.changed_decisions:
        return title + "<p>No decision differs from the base.</p>"
    head = "<tr><th>proposal</th><th>base</th><th>variant</th><th>shifts</th></tr>"
    rows = [
        f"<tr><td>{escape(d.proposal)}</td><td>{escape(d.before or '-')}</td>"
        f"<td>{escape(d.after or '-')}</td><td>{d.shifts_before} → {d.shifts_after}</td></tr>"
        for d in case.changed_decisions
    ]
    return (
        title
        + f"<p>Country changes: {escape(_gains(case.country_changes))}</p>"
        + (f"<table>{head}{''.join(rows)}</table>")
    )
