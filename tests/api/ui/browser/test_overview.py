"""A coordinator reads the whole round as instruments by weeks and zooms into a week; a
group pages, orders and filters its own lists."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_the_utilisation_map_leads_into_a_week_of_the_schedule(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/schedule")
    page.get_by_role("link", name="Utilisation by week").click()
    page.wait_for_url(f"**/rounds/{round_code}/utilisation")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utilisation")
    rows = page.locator("table.heat-map tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 1
    expect(page.locator("table.heat-map thead th a")).to_have_count(3)  # three weeks
    screenshot(page, "utilisation", readme=True)
    page.get_by_role("link", name="Week 2:").click()
    page.wait_for_url(f"**/rounds/{round_code}/schedule?week=2")
    expect(page.locator("#gantt-caption")).to_contain_text("2027-09-13 08:00 to 2027-09-20 08:00")


def test_a_group_orders_its_proposals_and_filters_its_bookings(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "proposer", f"/ui/rounds/{round_code}/group")
    page.get_by_label("Order by", exact=True).first.select_option("title")
    page.get_by_role("form", name="Find and order your proposals").get_by_role(
        "button", name="Show"
    ).click()
    page.wait_for_url("**sort=title**")
    titles = page.locator("tr[data-proposal] .subtitle").all_text_contents()
    assert titles == sorted(titles, key=str.lower)
    page.get_by_label("State").select_option("awarded")
    page.get_by_role("form", name="Filter and order your bookings").get_by_role(
        "button", name="Show"
    ).click()
    page.wait_for_url("**status=awarded**")
    assert "sort=title" in page.url  # the proposals' order is kept
    states = page.locator("tr[data-booking]").evaluate_all(
        "(rows) => rows.map((row) => row.dataset.state)"
    )
    assert states
    assert set(states) == {"awarded"}
    screenshot(page, "group", readme=True)
