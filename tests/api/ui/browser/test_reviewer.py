"""A reviewer lists the proposals of its round still to review, and scores one with the
keyboard on the round's scale; a score off the scale is shown beside its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import WorkSite, screenshot, sign_in
from tests.api.ui.browser.test_accessibility import audit

pytestmark = pytest.mark.browser


def test_a_reviewer_scores_the_proposals_assigned_to_it(page: Page, work_site: WorkSite) -> None:
    site, rounds = work_site.site, work_site.rounds
    start = f"/ui/rounds/{rounds.review}/proposals?scored=unscored"
    sign_in(page, site, "reviewer", start)
    rows = page.locator("tr[data-proposal]")
    listed = site.api("reviewer", f"/rounds/{rounds.review}/proposals?limit=500")["items"]
    assert isinstance(listed, list)
    expect(rows).to_have_count(len(listed))
    audit(page)
    screenshot(page, "reviewer-proposals", readme=True)

    code = rows.first.get_attribute("data-proposal")
    page.get_by_role("link", name=f"Score {code}", exact=True).click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    score = page.get_by_label("Score", exact=True)
    score.focus()
    page.keyboard.type("250")
    page.keyboard.press("Tab")
    page.keyboard.type("Clear case, strong team.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # on the button: submits
    expect(page.locator("#review-score-problems")).to_contain_text("100")
    expect(page.get_by_label("Comment (for the coordinators)")).to_have_value(
        "Clear case, strong team."
    )
    audit(page)

    page.get_by_label("Score", exact=True).fill("4.25")
    page.get_by_role("button", name="Save your score").click()
    expect(page.locator(".notice")).to_have_text("Your score is saved.")
    reviews = site.api("reviewer", f"/rounds/{rounds.review}/proposals/{code}/reviews")["items"]
    assert isinstance(reviews, list)
    assert [(r["score"], r["comment"]) for r in reviews] == [(4.25, "Clear case, strong team.")]
    expect(page.get_by_label("Score", exact=True)).to_have_value("4.25")
    audit(page)
    screenshot(page, "reviewer-score", readme=True)

    page.goto(site.base + f"/ui/rounds/{rounds.review}/proposals?scored=scored")
    expect(page.locator("tr[data-proposal]")).to_have_count(1)
    expect(page.locator(f'tr[data-proposal="{code}"]')).to_contain_text("4.25")
