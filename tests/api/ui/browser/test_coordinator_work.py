"""A coordinator lists the proposals of a round before any solve, filters and orders
them, submits one for a group, reads a proposal's history, cancels a booking from the
schedule's bookings page, books its shifts by hand with a recorded override, cancels a
booking from a block of the schedule by keyboard, and closes an instrument for a period
and reopens it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import WorkSite, screenshot, sign_in
from tests.api.ui.browser.test_accessibility import audit

pytestmark = pytest.mark.browser


def test_a_coordinator_lists_proposals_and_reads_a_history(page: Page, work_site: WorkSite) -> None:
    site, rounds = work_site.site, work_site.rounds
    sign_in(page, site, "coordinator", f"/ui/rounds/{rounds.open}")
    page.get_by_role("link", name="proposals visible to you").click()
    listed = site.api("coordinator", f"/rounds/{rounds.open}/proposals?limit=500")["items"]
    assert isinstance(listed, list)
    expect(page.locator("tr[data-proposal]")).to_have_count(len(listed))
    page.get_by_label("Review").select_option("unreviewed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr[data-proposal]")).to_have_count(1)
    expect(page.locator(f'tr[data-proposal="{rounds.other_proposal}"]')).to_be_visible()
    audit(page)
    screenshot(page, "coordinator-proposals", readme=True)

    page.get_by_role("link", name=rounds.other_proposal, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(rounds.other_proposal)
    history = site.api(
        "coordinator", f"/audit?round={rounds.open}&proposal={rounds.other_proposal}"
    )["items"]
    assert isinstance(history, list)
    expect(page.locator("#history tbody tr")).to_have_count(len(history))
    expect(page.locator("#history")).to_contain_text("proposal.create")
    audit(page)


def test_a_coordinator_filters_and_orders_the_proposals(page: Page, work_site: WorkSite) -> None:
    site, rounds = work_site.site, work_site.rounds
    sign_in(page, site, "coordinator", f"/ui/rounds/{rounds.open}/proposals")
    rows = page.locator("tr[data-proposal]")
    page.get_by_label("Group").select_option("kz-detectors")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(page.locator(f'tr[data-proposal="{rounds.other_proposal}"]')).to_be_visible()
    assert "group=kz-detectors" in page.url

    page.get_by_label("Group").select_option("")
    page.get_by_label("Id or title").fill("DOSIMETRY")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Id or title")).to_have_value("DOSIMETRY")

    page.get_by_label("Id or title").fill("")
    page.get_by_label("Review").select_option("panel_scored")
    page.get_by_label("Order by").select_option("score")
    page.get_by_role("button", name="Filter").click()
    listed = site.api("coordinator", f"/rounds/{rounds.open}/proposals?status=panel_scored")
    items = listed["items"]
    assert isinstance(items, list)
    highest = max(items, key=lambda item: (item["score"], item["id"]))
    expect(rows).to_have_count(len(items))
    expect(rows.first).to_have_attribute("data-proposal", highest["id"])
    expect(page.get_by_label("Order by")).to_have_value("score")
    audit(page)
    screenshot(page, "coordinator-proposal-filters", readme=True)

    round_code = site.world.round
    page.goto(site.base + f"/ui/rounds/{round_code}/proposals")
    page.get_by_label("Outcome").select_option("awarded")
    page.get_by_role("button", name="Filter").click()
    decisions = site.api("coordinator", f"/rounds/{round_code}/solution.json")["decisions"]
    assert isinstance(decisions, list)
    awarded = {d["proposal"] for d in decisions if d["outcome"] == "awarded"}
    expect(rows).to_have_count(len(awarded))
    assert set(rows.evaluate_all("(all) => all.map((row) => row.dataset.proposal)")) == awarded
    audit(page)


def test_a_coordinator_submits_a_proposal_for_a_group(page: Page, work_site: WorkSite) -> None:
    site, rounds = work_site.site, work_site.rounds
    sign_in(page, site, "coordinator", f"/ui/rounds/{rounds.review}/proposals")
    page.get_by_role("link", name="Submit a proposal for a group").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submit a proposal")
    page.get_by_label("Title").fill("Neutron imaging of a turbine blade")
    page.get_by_label("Countries and their shares (per cent)").fill("KZ 100")
    page.get_by_label("Instruments").first.fill("INP-DC60")
    page.get_by_label("Shifts", exact=True).first.fill("3")
    page.get_by_role("button", name="Submit the proposal").click()
    expect(page.get_by_label("Group")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#proposal-group-problems")).to_have_text(
        "choose the group the proposal is for"
    )
    expect(page.get_by_label("Title")).to_have_value("Neutron imaging of a turbine blade")
    audit(page)
    screenshot(page, "coordinator-submits-for-a-group", readme=True)

    page.get_by_label("Group").select_option("kz-detectors")
    page.get_by_role("button", name="Submit the proposal").click()
    expect(page.locator(".notice")).to_contain_text("The proposal is submitted.")
    code = page.url.split("/proposals/")[1].split("?")[0]
    proposal = site.api("coordinator", f"/rounds/{rounds.review}/proposals/{code}")
    assert proposal["group"] == "kz-detectors"
    assert proposal["title"] == "Neutron imaging of a turbine blade"
    audit(page)


def test_a_coordinator_cancels_and_books_by_hand_with_an_override(
    page: Page, work_site: WorkSite
) -> None:
    site = work_site.site
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/schedule")
    page.locator("a[data-work=bookings]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bookings")
    bookings = site.api("coordinator", f"/rounds/{round_code}/bookings?limit=500")["items"]
    assert isinstance(bookings, list)
    expect(page.locator("tr[data-booking]")).to_have_count(len(bookings))
    audit(page)
    booking = next(b for b in bookings if b["status"] == "awarded")
    row = page.locator(f'tr[data-booking="{booking["id"]}"]')
    row.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this booking?")
    audit(page)
    page.get_by_role("button", name="Cancel the booking").click()
    expect(page.locator(".notice")).to_contain_text("The booking is cancelled")
    expect(row).to_have_attribute("data-state", "cancelled")

    page.get_by_role("link", name="Book by hand").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Book by hand")
    page.get_by_label("Request").fill(str(booking["request"]))
    page.get_by_label("Instrument").select_option(str(booking["instrument"]))
    page.get_by_label("From (UTC)").fill(str(booking["starts_at"])[:16])
    page.get_by_label("Shifts", exact=True).fill("1")
    page.get_by_role("button", name="Book").click()
    expect(page.locator("#booking-length-problems")).to_contain_text("blocks of at least")
    expect(page.locator("#form-problems")).to_contain_text("override")
    audit(page)
    screenshot(page, "coordinator-book-by-hand", readme=True)

    reason = "A one-shift test before the outage, agreed with the group"
    page.get_by_label("Override reason").fill(reason)
    page.get_by_role("button", name="Book").click()
    expect(page.locator(".notice")).to_have_text("The booking is made.")
    made = [
        b
        for b in site.api("coordinator", f"/rounds/{round_code}/bookings?limit=500")["items"]  # type: ignore[union-attr]
        if b["override_reason"] == reason
    ]
    assert [(b["request"], b["start"], b["length"]) for b in made] == [
        (booking["request"], booking["start"], 1)
    ]
    expect(page.locator(f'tr[data-booking="{made[0]["id"]}"]')).to_contain_text(reason)
    screenshot(page, "coordinator-bookings", readme=True)


def test_a_coordinator_closes_an_instrument(page: Page, work_site: WorkSite) -> None:
    site = work_site.site
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/closed-periods")
    audit(page)
    page.get_by_label("Instrument", exact=True).select_option("NICA-ISCRA")
    page.get_by_label("Closed from (UTC)").fill("2027-09-24T08:00")
    page.get_by_label("Open again at (UTC)").fill("2027-09-25T08:00")
    page.get_by_label("Reason").fill("cryostat maintenance")
    page.get_by_role("button", name="Add the closed period").click()
    expect(page.locator(".notice")).to_have_text("The closed period is added.")
    row = page.locator('tr[data-instrument="NICA-ISCRA"]', has_text="cryostat maintenance")
    expect(row).to_contain_text("Fri 24 Sep 2027 08:00")
    periods = site.api("coordinator", "/instruments/NICA-ISCRA/closed-periods")["items"]
    assert isinstance(periods, list)
    assert "cryostat maintenance" in [p["reason"] for p in periods]
    audit(page)
    screenshot(page, "coordinator-closed-periods")


def _tab_to(page: Page, selector: str, presses: int) -> None:
    """Press Tab until the element `selector` has the focus (at most `presses` times)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_coordinator_cancels_a_booking_from_the_schedule_by_keyboard(
    page: Page, work_site: WorkSite
) -> None:
    site = work_site.site
    round_code = site.world.round
    bookings = site.api("coordinator", f"/rounds/{round_code}/bookings?limit=500")["items"]
    assert isinstance(bookings, list)
    booking = next(b for b in bookings if b["status"] == "awarded")
    week = booking["start"] // 21 + 1  # the example round's 8 h shifts: 21 a week
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/schedule?week={week}")
    blocks = page.locator("a.gantt-block").count()
    block = f'a.gantt-block[data-booking="{booking["id"]}"]'
    _tab_to(page, block, blocks + 60)
    expect(page.locator("#gantt-detail")).to_contain_text(str(booking["proposal"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Booking of {booking['request']}")
    expect(page.get_by_role("link", name=f"The decision on {booking['proposal']}")).to_be_visible()
    audit(page)
    screenshot(page, "coordinator-schedule-booking")
    _tab_to(page, "a.button.danger", 40)
    expect(page.locator(":focus")).to_have_text("Cancel this booking")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this booking?")
    audit(page)
    _tab_to(page, "form.confirm button", 40)
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("The booking is cancelled")
    assert f"week={week}" in page.url
    expect(page.locator(block)).to_have_count(0)
    expect(page.locator("a.gantt-block")).to_have_count(blocks - 1)
    after = {
        b["id"]: b
        for b in site.api("coordinator", f"/rounds/{round_code}/bookings?limit=500")["items"]
    }  # type: ignore[union-attr]
    assert after[booking["id"]]["status"] == "cancelled"
    audit(page)
    screenshot(page, "coordinator-schedule-cancelled")


def test_a_coordinator_removes_a_closed_period(page: Page, work_site: WorkSite) -> None:
    site = work_site.site
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/closed-periods")
    page.get_by_label("Instrument", exact=True).select_option("NICA-SOCHI")
    page.get_by_label("Closed from (UTC)").fill("2027-09-20T08:00")
    page.get_by_label("Open again at (UTC)").fill("2027-09-21T08:00")
    page.get_by_label("Reason").fill("vacuum leak search")
    page.get_by_role("button", name="Add the closed period").click()
    row = page.locator('tr[data-instrument="NICA-SOCHI"]', has_text="vacuum leak search")
    expect(row).to_be_visible()
    remove = row.get_by_role("link", name="Remove the closed period of NICA-SOCHI")
    expect(remove).to_have_accessible_name(re.compile(r"from Mon 20 Sep 2027 08:00 to Tue 21"))
    audit(page)
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this closed period?")
    expect(page.locator("main")).to_contain_text("2027-09-20 08:00 to 2027-09-21 08:00 UTC")
    audit(page)
    screenshot(page, "coordinator-remove-closed-period")
    page.get_by_role("button", name="Remove the closed period").click()
    expect(page.locator(".notice")).to_contain_text("The closed period is removed")
    expect(row).to_have_count(0)
    periods = site.api("coordinator", "/instruments/NICA-SOCHI/closed-periods")["items"]
    assert isinstance(periods, list)
    assert "vacuum leak search" not in [p["reason"] for p in periods]
    audit(page)
