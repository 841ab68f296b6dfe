"""An accessibility smoke check of every page in the browser: labels, headings, text
alternatives, colour contrast of the scheme as the browser applies it, and a keyboard
focus order that reaches the main controls in a sensible order."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import Site, sign_in

pytestmark = pytest.mark.browser
AUDIT = (Path(__file__).parent / "audit.js").read_text(encoding="utf-8")

COORDINATOR_PAGES = [
    "",
    "/schedule",
    "/schedule?week=2&colour=state",
    "/balances",
    "/decisions",
    "/decisions?sort=title&outcome=partial",
    "/utilisation",
    "/bookings?sort=start",
    "/proposals?outcome=awarded&sort=score&status=panel_scored",
    "/proposals/new",
    "/solves",
]


def audit(page: Page) -> None:
    """Fail with every problem the smoke check finds on the current page."""
    result = page.evaluate(AUDIT)
    assert result["checked"] >= 5, "the contrast check found no text"
    assert result["problems"] == [], page.url


def test_the_sign_in_page_passes(page: Page, site: Site) -> None:
    page.goto(site.base + "/ui/sign-in")
    audit(page)


def test_the_coordinators_pages_pass(page: Page, site: Site) -> None:
    sign_in(page, site, "coordinator")
    audit(page)
    for suffix in COORDINATOR_PAGES:
        page.goto(f"{site.base}/ui/rounds/{site.world.round}{suffix}")
        audit(page)
    page.goto(f"{site.base}/ui/rounds/{site.world.round}/transition?to=closed")
    audit(page)


def test_the_group_page_passes(page: Page, site: Site) -> None:
    sign_in(page, site, "proposer", f"/ui/rounds/{site.world.round}/group")
    audit(page)
    page.goto(f"{site.base}/ui/rounds/{site.world.round}/group?sort=title&bookings_sort=start")
    audit(page)
    page.goto(f"{site.base}/ui/rounds/{site.world.round}/balances")  # an error page
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    audit(page)


def _zone(page: Page) -> tuple[str, str]:
    zone, name = page.evaluate(
        """() => {
          const el = document.activeElement;
          const zones = [[".skip-link", "skip"], ["header.site", "header"], [".crumbs", "crumbs"],
            ["nav.tabs", "tabs"], [".chart-controls", "controls"], [".gantt-block", "blocks"],
            ["main", "main"]];
          const found = zones.find(([selector]) => el.closest(selector));
          const zone = found ? found[1] : "other";
          return [zone, el.dataset.instrument || el.textContent.trim().slice(0, 30)];
        }"""
    )
    return zone, name


def test_the_keyboard_reaches_the_schedules_controls_in_order(page: Page, site: Site) -> None:
    sign_in(page, site, "coordinator", f"/ui/rounds/{site.world.round}/schedule")
    blocks = page.locator("a.gantt-block").count()
    page.keyboard.press("Tab")
    assert _zone(page) == ("skip", "Skip to content")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(page.url.split("#")[0])
    order = ["skip", "header", "crumbs", "tabs", "controls", "blocks", "main"]
    seen: list[tuple[str, str]] = []
    for _ in range(blocks + 40):
        page.keyboard.press("Tab")
        zone = _zone(page)
        if zone[0] == "other":  # the footer: the end of the page
            break
        seen.append(zone)
    zones = [zone for zone, _ in seen if zone in order]
    assert zones == sorted(zones, key=order.index), " | ".join(map(str, seen))  # never back
    assert {"header", "tabs", "controls", "blocks"} <= set(zones)
    instruments = [name for zone, name in seen if zone == "blocks"]
    assert len(instruments) == blocks  # every block is reached, once
    rows = list(dict.fromkeys(instruments))
    assert instruments == sorted(instruments, key=rows.index)  # row by row
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#gantt-detail")).not_to_have_text("")
