"""The colours of the charts, and the contrast rule they keep.

Block labels are white, so every fill a label sits on must reach a contrast ratio of at
least 4.5:1 against white (WCAG 2.x, AA for normal text). `tests/api/ui/test_palette.py`
checks these values, and the browser test checks the colours the CSS actually applies.
The CSS (`static/beamtime.css`) spells out the same values as custom properties.
"""

from __future__ import annotations

COUNTRY_COLOURS: tuple[str, ...] = (
    "#1f4e99",
    "#a3341f",
    "#1d6b3a",
    "#6a3d9a",
    "#8a4b08",
    "#0e6470",
    "#9c2766",
    "#4d5b12",
    "#5b4636",
    "#2f4858",
)
"""Fills by country, in order of the countries' codes; they repeat beyond ten countries."""

STATE_COLOURS: dict[str, str] = {
    "allocated": "#3b4fa0",
    "awarded": "#8a4b08",
    "confirmed": "#1d6b3a",
}
"""Fills by booking state (`allocated`: accepted but not yet published)."""

LABEL_COLOUR = "#ffffff"
MIN_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    """The WCAG relative luminance of a `#rrggbb` colour (0 black .. 1 white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two `#rrggbb` colours (1 .. 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def country_slots(countries: list[str] | set[str]) -> dict[str, int]:
    """Each country's colour slot: countries by code, numbered round the palette."""
    return {code: i % len(COUNTRY_COLOURS) for i, code in enumerate(sorted(countries))}
