"""A coordinator reads a what-if study of the example round with three variants: the price
of each agreement drawn over its interval, each country's time per variant."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.api.ui.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser

VARIANTS = Path(__file__).resolve().parents[4] / "examples" / "variants"


def _finished_study(site: Site) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {site.world.tokens['coordinator']}"}
    variants = [json.loads(path.read_text()) for path in sorted(VARIANTS.glob("*.json"))]
    started = httpx.post(
        f"{site.base}/rounds/{site.world.round}/whatifs",
        json={"variants": variants, "price": True, "time_limit": 3},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 180
    while True:
        study: dict[str, object] = site.api("coordinator", f"/whatifs/{started.json()['id']}")
        if study["finished"]:
            return study
        assert time.monotonic() < deadline, study
        time.sleep(0.5)


def test_a_whatif_with_three_variants_is_shown_side_by_side(page: Page, site: Site) -> None:
    study = _finished_study(site)
    report = study["report"]
    assert isinstance(report, dict)
    sign_in(page, site, "coordinator", f"/ui/whatifs/{study['id']}")
    cases = page.locator("#whatif-cases tbody tr")
    expect(cases).to_have_count(4)
    for variant in ("members-hard", "no-ru-by", "ru-kz-30"):
        expect(page.locator(f'#whatif-cases tr[data-variant="{variant}"]')).to_be_visible()
    prices = report["prices"]
    assert isinstance(prices, list)
    for price in prices:
        row = page.locator(f'#whatif-prices tr[data-policy="{price["policy"]}"]')
        expect(row).to_be_visible()
        assert float(row.get_attribute("data-low") or "nan") == price["low"]
    expect(page.locator("figure svg")).to_have_count(2)
    screenshot(page, "whatif", readme=True)
