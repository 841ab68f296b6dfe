"""A coordinator records an outage through its form with the keyboard, follows a re-plan
to its difference, and reads an agreement's ledger over two rounds; each page passes the
accessibility smoke check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Caller
from tests.api.ui.agreements_world import CONTRIBUTION, RECIPROCITY, two_rounds_with_agreements
from tests.api.ui.browser.conftest import Site, screenshot, sign_in
from tests.api.ui.browser.test_accessibility import audit

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(site: Site) -> Iterator[Caller]:
    """The site's admin as an API caller."""
    with httpx.Client(base_url=site.base, timeout=60) as client:
        # The API's test callers speak TestClient's interface, which httpx.Client has.
        yield Caller(cast(TestClient, client), site.world.tokens["admin"])


def _longest_booking(admin: Caller, round_code: str) -> dict[str, Any]:
    bookings = admin.ok("GET", f"/rounds/{round_code}/bookings?limit=500")["items"]
    longest: dict[str, Any] = max(bookings, key=lambda b: b["length"])
    return longest


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_an_outage_is_checked_then_recorded_from_its_form(
    page: Page, site: Site, admin: Caller
) -> None:
    round_code = site.world.round
    booking = _longest_booking(admin, round_code)
    starts = datetime.fromisoformat(booking["starts_at"])
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/schedule")
    page.get_by_role("link", name="Record an outage").click()
    page.wait_for_url(f"**/rounds/{round_code}/outages/new")
    audit(page)

    page.get_by_label(booking["instrument"]).check()
    page.get_by_label("Start (UTC)").fill(_local(starts))
    page.get_by_label("End (UTC, exclusive)").fill(_local(starts - timedelta(hours=8)))
    page.get_by_label("Cause").fill("RF cavity fault")
    page.get_by_label("Cause").press("Enter")  # submits with the keyboard
    error = page.locator("#ends_at-error")
    expect(error).to_contain_text("Must be after starts_at")
    expect(page.get_by_label("End (UTC, exclusive)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(booking["instrument"])).to_be_checked()  # the values are kept
    audit(page)

    page.get_by_label("End (UTC, exclusive)").fill(_local(starts + timedelta(hours=16)))
    page.get_by_role("button", name="Check what it hits").click()
    row = page.locator(f'tr[data-booking="{booking["id"]}"]')
    expect(row).to_be_visible()
    assert row.get_attribute("data-lost-shifts") == str(min(2, booking["length"]))
    expect(page.locator("#outage-summary")).to_contain_text("shift")
    audit(page)
    screenshot(page, "outage", readme=True)

    page.get_by_role("button", name="Record the outage").click()
    expect(page.get_by_role("status")).to_contain_text("The outage is recorded")
    outages = admin.ok("GET", f"/rounds/{round_code}/outages")
    assert [o["cause"] for o in outages] == ["RF cavity fault"]
    assert booking["id"] in {lost["booking"] for lost in outages[0]["lost"]}


def test_a_replan_is_followed_live_to_its_difference_and_accepted(
    page: Page, site: Site, admin: Caller
) -> None:
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}")
    page.get_by_role("link", name="Re-plan").click()
    page.wait_for_url(f"**/rounds/{round_code}/replans")
    audit(page)
    page.get_by_label("Cost of each changed block").fill("20")
    page.get_by_label("Time limit").fill("3")
    page.get_by_role("button", name="Start the re-plan").click()
    page.wait_for_url("**/ui/replans/*")
    live = page.locator("#solve-live .live-state")
    expect(live).to_have_attribute("data-finished", "true", timeout=120_000)
    expect(page.locator(".replan-before svg.gantt-svg")).to_be_visible()
    expect(page.locator(".replan-after svg.gantt-svg")).to_be_visible()

    job_id = page.url.rsplit("/", 1)[1]
    replan = admin.ok("GET", f"/replans/{job_id}")
    assert page.locator(".replan-counts [data-count-kept]").get_attribute("data-count-kept") == str(
        replan["kept"]
    )
    marked = page.locator(".replan-before a.gantt-block[data-change]")
    expect(marked).to_have_count(len(replan["changes"]))
    for group, changed in replan["changes_per_group"].items():
        expect(page.locator(f'.replan-groups tr[data-group="{group}"]')).to_have_attribute(
            "data-changed", str(changed)
        )
    audit(page)
    screenshot(page, "replan", readme=True)

    page.get_by_role("button", name="Accept the re-plan").click()
    expect(page.get_by_text("The re-plan is applied to the bookings")).to_be_visible()
    expect(page.get_by_role("button", name="Accept the re-plan")).to_have_count(0)
    assert admin.ok("GET", f"/replans/{job_id}")["accepted_at"] is not None


def test_an_agreements_ledger_shows_each_round_and_each_side(
    page: Page, site: Site, admin: Caller
) -> None:
    two_rounds_with_agreements(admin.client, site.world)
    sign_in(page, site, "coordinator", "/ui/rounds")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Agreements").click()
    page.wait_for_url("**/ui/agreements")
    audit(page)
    page.get_by_role("link", name=CONTRIBUTION).click()
    page.wait_for_url(f"**/ui/agreements/{CONTRIBUTION}")
    ledger = admin.ok("GET", f"/agreements/{CONTRIBUTION}/ledger")
    sides = len(ledger["rounds"]) * 2
    expect(page.locator("svg.ledger-time g.side-bar")).to_have_count(sides)
    expect(page.locator("table.returns tbody tr")).to_have_count(sides)
    expect(page.locator('.ledger-trend g.trend-line[data-dashed="false"]')).to_have_count(2)
    audit(page)
    screenshot(page, "ledger", readme=True)

    page.goto(f"{site.base}/ui/agreements/{RECIPROCITY}")
    reciprocity = admin.ok("GET", f"/agreements/{RECIPROCITY}/ledger")
    balances = page.locator("table.balances tbody tr")
    expect(balances).to_have_count(len(reciprocity["rounds"]))
    for entry, row in zip(reciprocity["rounds"], balances.all(), strict=True):
        assert float(row.get_attribute("data-balance") or "nan") == entry["balance"]
    audit(page)
