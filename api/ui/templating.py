"""Jinja2 templates, their filters, and the headers every page is sent with."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def utc(moment: datetime) -> datetime:
    """`moment` in UTC (naive values, as SQLite returns them, are UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def when(moment: datetime | None, pattern: str = "%a %d %b %Y %H:%M") -> str:
    """A time as people read it, in UTC (`Mon 06 Sep 2027 08:00`)."""
    if moment is None:
        return "-"
    return utc(moment).strftime(pattern)


def number(value: float | None, digits: int = 2) -> str:
    """A figure with at most `digits` decimals, trailing zeros dropped (`-` for none)."""
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage (`0.0123` -> `1.2 %`)."""
    return "-" if value is None else f"{value * 100:.{digits}f} %"


def sentence(text: str) -> str:
    """`text` with its first letter capitalised and the rest as written (Jinja's
    `capitalize` lower-cases the rest, and with it round codes such as 2027-IX)."""
    return text[:1].upper() + text[1:]


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("api.ui", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(when=when, number=number, percent=percent, sentence=sentence)
    return environment


TEMPLATES = _environment()


def render(
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page: the template rendered with `context`, sent with the page headers."""
    html = TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
