"""A coordinator signs in, opens the example round, reads its schedule and balances, and
follows a solve live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_the_gantt_has_a_block_per_awarded_block(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "coordinator")
    page.get_by_role("link", name=round_code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Round overview")
    page.get_by_role("navigation", name="Round pages").get_by_role("link", name="Schedule").click()
    page.wait_for_url(f"**/rounds/{round_code}/schedule")

    allocation = site.api("coordinator", f"/rounds/{round_code}/allocation")
    awards = allocation["awards"]
    assert isinstance(awards, list)
    expected = sorted(award["proposal"] for award in awards for _ in award["blocks"])
    blocks = page.locator("a.gantt-block")
    expect(blocks).to_have_count(len(expected))
    labels = sorted(blocks.evaluate_all("(all) => all.map((b) => b.dataset.proposal)"))
    assert labels == expected
    visible = [text for text in page.locator(".block-label").all_text_contents() if text]
    assert all(
        text.rstrip("…") and any(p.startswith(text.rstrip("…")) for p in expected)
        for text in visible
    )

    first = blocks.first
    first.hover()
    proposal = first.get_attribute("data-proposal")
    expect(page.locator("#gantt-detail")).to_contain_text(f"{proposal} “")
    expect(page.locator("#gantt-detail")).to_contain_text("group demo-group")
    screenshot(page, "gantt", readme=True)

    page.get_by_role("radio", name="booking state").check()
    expect(page.locator("#schedule")).to_have_class(re.compile(r"colour-by-state"))
    assert "colour=state" in page.url
    page.get_by_role("link", name="Week 2").click()
    expect(page.locator(".gantt-svg")).to_be_visible()
    expect(page.get_by_role("radio", name="booking state")).to_be_checked()
    assert "week=2" in page.url


def test_the_balances_show_the_reports_return_coefficients(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/balances")
    report = site.api("coordinator", f"/rounds/{round_code}/reports/countries")
    contribution = report["contribution"]
    assert isinstance(contribution, list)
    for policy in contribution:
        section = page.locator(f'section[data-policy="{policy["policy"]}"]')
        for member in policy["members"]:
            cell = section.locator(f'tr[data-country="{member["country"]}"] td.coefficient')
            assert (
                float(cell.get_attribute("data-return-coefficient") or "nan")
                == member["return_coefficient"]
            )
            expect(cell).to_have_text(f"{member['return_coefficient']:.3f}".rstrip("0").rstrip("."))
            bar = section.locator(f'g.member[data-country="{member["country"]}"]')
            upper, entitlement = member["upper_bound"], member["entitlement"]
            over = (
                upper is not None
                and entitlement > 0
                and member["return_coefficient"] is not None
                and member["return_coefficient"] > upper / entitlement + 1e-9
            )
            grade = "above the policy's bound" if over else "balanced"
            expect(bar).to_have_attribute("aria-label", re.compile(re.escape(grade)))
    expect(page.get_by_role("heading", name="Soft policies")).to_be_visible()
    screenshot(page, "balances", readme=True)


def test_a_solve_is_followed_live(page: Page, site: Site) -> None:
    round_code = site.world.round
    sign_in(page, site, "coordinator", f"/ui/rounds/{round_code}/solves")
    page.get_by_label("Time limit").fill("3")
    page.get_by_role("button", name="Start the solve").click()
    page.wait_for_url(re.compile(r".*/ui/solves/[0-9a-f-]+$"))
    live = page.locator("#solve-live")
    assert page.locator(".live-state").get_attribute("data-status") in ("queued", "running")
    page.evaluate("window.beamtimeNoReload = true")

    expect(page.locator('.live-state[data-finished="true"]')).to_be_visible(timeout=45_000)
    assert int(live.get_attribute("data-updates") or "0") >= 1
    assert page.evaluate("window.beamtimeNoReload") is True  # updated in place
    expect(page.locator("[data-job-status]")).to_have_text("succeeded")
    assert int(page.locator(".live-state").get_attribute("data-points") or "0") >= 1
    expect(page.locator("circle.objective-dot").first).to_be_attached()
    expect(page.get_by_role("link", name="Cancel the solve")).to_be_hidden()
    screenshot(page, "solve-progress")
