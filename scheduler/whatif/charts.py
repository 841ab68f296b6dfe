"""The what-if report's two drawings as inline SVG: prices per agreement, time per country.

Self-contained SVG strings (no scripts, no external fonts or styles), so the same
drawing serves the CLI's HTML file and the service's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from scheduler.whatif.report import CaseResult, PriceEntry

WIDTH = 760
LABEL = 150
RIGHT = 40
ROW = 26
TOP = 28
SERIES_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3")


def _scale(most: float) -> float:
    """Pixels per unit so that `most` fills the plotting width."""
    return (WIDTH - LABEL - RIGHT) / most if most > 0 else 0.0


def _axis(most: float, height: float, unit: str) -> str:
    ticks = []
    for step in range(5):
        value = most * step / 4
        x = LABEL + value * _scale(most)
        ticks.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 18}" '
            f'stroke="#ddd"/><text x="{x:.1f}" y="{height - 4}" font-size="11" '
            f'text-anchor="middle">{value:,.0f}</text>'
        )
    return "".join(ticks) + (
        f'<text x="{WIDTH - RIGHT}" y="{TOP - 12}" font-size="11" text-anchor="end">{unit}</text>'
    )


def price_chart(prices: Sequence[PriceEntry]) -> str:
    """One row per policy: its proven interval as a bar (a tick when exact), the estimate as ◆."""
    values = [v for p in prices for v in (p.low, p.high, p.estimate) if v is not None]
    most = max(values, default=0.0) or 1.0
    scale = _scale(most)
    height = TOP + ROW * len(prices) + 24
    rows = []
    for number, price in enumerate(prices):
        y = TOP + ROW * number
        rows.append(
            f'<text x="{LABEL - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{escape(price.policy)}</text>"
        )
        if price.status == "infeasible":
            conflict = ", ".join(price.conflict or ())
            rows.append(
                f'<text x="{LABEL + 4}" y="{y + 15}" font-size="12" fill="#c44e52">'
                f"infeasible with it: {escape(conflict)}</text>"
            )
            continue
        low = price.low or 0.0
        high = most if price.high is None else price.high
        x = LABEL + low * scale
        width = max(2.0, (high - low) * scale)
        title = f"{price.policy}: [{low:,.2f}, " + (
            "no upper end]" if price.high is None else f"{price.high:,.2f}] ({price.status})"
        )
        rows.append(
            f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" '
            f'fill="#4c72b0" fill-opacity="{0.9 if price.status == "exact" else 0.45}">'
            f"<title>{escape(title)}</title></rect>"
        )
        if price.estimate is not None:
            ex = LABEL + price.estimate * scale
            rows.append(
                f'<path d="M{ex:.1f} {y + 5} l5 7 l-5 7 l-5 -7 z" fill="#dd8452">'
                f"<title>LP estimate {price.estimate:,.2f}</title></path>"
            )
    return _svg(
        height, "Price of each agreement", _axis(most, height, "score-shifts") + "".join(rows)
    )


def country_chart(cases: Sequence[CaseResult]) -> str:
    """Per country, one bar per case (base first); a black tick marks its entitlement."""
    countries = list(cases[0].countries) if cases else []
    entitlements: dict[tuple[int, str], float] = {}
    for number, case in enumerate(cases):
        for member in case.returns:
            key = (number, member.country)
            entitlements[key] = entitlements.get(key, 0.0) + member.entitlement
    values = [v for c in cases for v in c.countries.values()] + list(entitlements.values())
    most = max(values, default=0.0) or 1.0
    scale = _scale(most)
    bar = max(4, (ROW - 6) // max(1, len(cases)))
    group = bar * len(cases) + 10
    height = TOP + group * len(countries) + 24 + 18 * len(cases)
    parts = []
    for row, country in enumerate(countries):
        y = TOP + group * row
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + group / 2 + 2:.1f}" font-size="12" '
            f'text-anchor="end">{escape(country)}</text>'
        )
        for number, case in enumerate(cases):
            shifts = case.countries.get(country, 0.0)
            colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
            by = y + number * bar
            parts.append(
                f'<rect x="{LABEL}" y="{by}" width="{max(0.0, shifts * scale):.1f}" '
                f'height="{bar - 1}" fill="{colour}"><title>{escape(case.id)}: {country} '
                f"{shifts:,.1f} shifts</title></rect>"
            )
            entitled = entitlements.get((number, country))
            if entitled is not None:
                tx = LABEL + entitled * scale
                parts.append(
                    f'<line x1="{tx:.1f}" y1="{by}" x2="{tx:.1f}" y2="{by + bar - 1}" '
                    f'stroke="#000" stroke-width="2"><title>entitlement {entitled:,.1f}'
                    f"</title></line>"
                )
    legend_y = TOP + group * len(countries) + 24
    for number, case in enumerate(cases):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        ly = legend_y + 18 * number
        parts.append(
            f'<rect x="{LABEL}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{LABEL + 18}" y="{ly}" font-size="12">{escape(case.id)}</text>'
        )
    axis = _axis(most, TOP + group * len(countries) + 18, "shifts")
    return _svg(height, "Time per country against its entitlement", axis + "".join(parts))


def _svg(height: float, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'font-family="system-ui, sans-serif"><title>{escape(title)}</title>{body}</svg>'
    )
