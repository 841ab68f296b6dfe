"""A proposer sees only its group and declines a booking; a stranger is sent to sign in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import Site, screenshot, sign_in
from tests.api.ui.world import DEMO_GROUP

pytestmark = pytest.mark.browser


def test_a_proposer_sees_its_group_and_declines_a_booking(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "other_proposer")
    page.get_by_role("link", name=round_code).click()
    page.get_by_role("link", name="My group").click()
    page.wait_for_url(f"**/rounds/{round_code}/group")

    through_api = site.api("other_proposer", f"/rounds/{round_code}/proposals")["items"]
    assert isinstance(through_api, list)
    shown = page.locator("tr[data-proposal]").evaluate_all(
        "(rows) => rows.map((r) => r.dataset.proposal)"
    )
    assert shown == [proposal["id"] for proposal in through_api] == [site.world.other_proposal]
    assert DEMO_GROUP not in page.content()

    booking = page.locator("tr[data-booking]").first
    booking_id = booking.get_attribute("data-booking")
    expect(booking).to_have_attribute("data-state", "awarded")
    booking.get_by_role("link", name=re.compile("^Decline")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline this booking?")
    page.get_by_role("button", name="Decline the booking").click()
    page.wait_for_url(re.compile(r".*/group\?done=declined$"))
    expect(page.get_by_role("status")).to_contain_text("declined")
    expect(page.locator(f'tr[data-booking="{booking_id}"]')).to_have_attribute(
        "data-state", "declined"
    )
    assert site.api("other_proposer", f"/bookings/{booking_id}")["status"] == "declined"
    screenshot(page, "group-after-decline")


def test_a_stranger_is_sent_to_sign_in(page: Page, site: Site) -> None:
    target = f"/ui/rounds/{site.world.round}/balances"
    page.goto(site.base + target)
    assert page.url.startswith(site.base + "/ui/sign-in?next=")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("API token")).to_be_visible()
    assert "Country balances" not in page.content()
    screenshot(page, "sign-in")
