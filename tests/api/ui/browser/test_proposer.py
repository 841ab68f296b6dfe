"""A research group submits a proposal in the browser with dates and times, with the
keyboard: a mistake is shown beside its field, the fixed proposal is stored with the
shifts its times mean; the group edits it and withdraws it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import WorkSite, screenshot, sign_in
from tests.api.ui.browser.test_accessibility import audit

pytestmark = pytest.mark.browser


def _focused_id(page: Page) -> str:
    value: str = page.evaluate("document.activeElement.id || document.activeElement.textContent")
    return value.strip()


def test_a_proposer_submits_edits_and_withdraws_a_proposal(page: Page, work_site: WorkSite) -> None:
    site, rounds = work_site.site, work_site.rounds
    sign_in(page, site, "proposer", f"/ui/rounds/{rounds.open}/proposals")
    audit(page)
    page.get_by_role("link", name="Submit a proposal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submit a proposal")
    audit(page)

    page.get_by_label("Title").focus()
    page.keyboard.type("Single-event effects in a readout ASIC")
    order = [_focused_id(page)]
    typed = ["KZ 60, RU 40", None, "NICA-SOCHI, NICA-ISCRA", "9", "6", "8"]
    for text in typed:
        page.keyboard.press("Tab")
        order.append(_focused_id(page))
        if text is not None:
            page.keyboard.type(text)
    assert order == [
        "proposal-title",
        "proposal-countries",
        "proposal-coupled",
        "r0-instruments",
        "r0-shifts",
        "r0-min_shifts",
        "r0-min_block",
    ]
    page.get_by_label("Available from (UTC)").first.fill("2027-09-07T10:00")
    page.get_by_label("Away (UTC)").first.fill("2027-09-10T12:00 to 2027-09-11T08:00")
    page.get_by_label("Shifts", exact=True).first.press("Enter")  # Enter submits the form

    expect(page.locator("#form-problems")).to_be_visible()
    block = page.locator("#r0-min_block")
    expect(block).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#r0-min_block-problems")).to_contain_text("8 is longer than min_shifts 6")
    expect(page.get_by_label("Title")).to_have_value("Single-event effects in a readout ASIC")
    audit(page)
    screenshot(page, "proposer-form-problems", readme=True)

    block.fill("3")
    page.get_by_role("button", name="Submit the proposal").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_have_text("The proposal is submitted.")
    code = page.url.split("/proposals/")[1].split("?")[0]
    stored = site.api("proposer", f"/rounds/{rounds.open}/proposals/{code}")
    (request,) = stored["requests"]  # type: ignore[misc]
    assert (request["release"], request["deadline"], request["unavailable"]) == (4, 63, [[12, 15]])
    expect(page.locator(f'tr[data-request="{code}/a"]')).to_contain_text("Tue 07 Sep 2027 16:00")
    audit(page)
    screenshot(page, "proposer-proposal", readme=True)

    page.get_by_role("link", name="Edit the proposal").click()
    expect(page.get_by_label("Available from (UTC)").first).to_have_value("2027-09-07T16:00")
    page.get_by_label("Title").fill("SEE in a readout ASIC, second run")
    page.get_by_role("button", name="Save the proposal").click()
    expect(page.locator(".notice")).to_have_text("The proposal is saved.")
    assert site.api("proposer", f"/rounds/{rounds.open}/proposals/{code}")["title"] == (
        "SEE in a readout ASIC, second run"
    )

    page.get_by_role("link", name="Withdraw the proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Withdraw proposal {code}?")
    audit(page)
    page.get_by_role("button", name="Withdraw the proposal").click()
    expect(page.locator(".notice")).to_have_text("The proposal is withdrawn.")
    listed = page.locator("tr[data-proposal]").evaluate_all(
        "(rows) => rows.map((row) => row.dataset.proposal)"
    )
    assert code not in listed
    assert rounds.other_proposal not in listed
    assert re.search(r"\bP-", page.content())  # the group's other proposals are listed
