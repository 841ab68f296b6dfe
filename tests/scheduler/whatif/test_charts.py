"""The what-if drawings: one row per agreement, one bar per country and case, text escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from scheduler.whatif.charts import country_chart, price_chart
from scheduler.whatif.report import CaseResult, PriceEntry

SVG = "{http://www.w3.org/2000/svg}"


def price(policy: str, low: float, high: float | None, status: str = "interval") -> PriceEntry:
    return PriceEntry(
        policy=policy,
        low=low,
        high=high,
        estimate=1.0,
        status=status,
        seconds=1.0,  # type: ignore[arg-type]
    )


def case(case_id: str, countries: dict[str, float]) -> CaseResult:
    return CaseResult(
        id=case_id,
        status="optimal",
        objective=1.0,
        bound=1.0,
        gap=0.0,
        seconds=1.0,
        awarded_shifts=0,
        proposals_awarded=0,
        countries=countries,
        returns=[],
        agreements=[],
    )


def test_each_agreement_gets_a_bar_over_its_interval_and_an_estimate_mark() -> None:
    drawing = ElementTree.fromstring(
        price_chart([price("RU-KZ", 10, 20), price("<A&B>", 5, 5, "exact")])
    )
    bars = drawing.findall(f"{SVG}rect")
    assert len(bars) == 2
    assert len(drawing.findall(f"{SVG}path")) == 2
    labels = [t.text for t in drawing.iter(f"{SVG}text")]
    assert "RU-KZ" in labels
    assert "<A&B>" in labels  # escaped in the markup, read back intact


def test_each_country_gets_one_bar_per_case() -> None:
    cases = [case("base", {"RU": 10, "KZ": 4}), case("no-ru-kz", {"RU": 12, "KZ": 2})]
    drawing = ElementTree.fromstring(country_chart(cases))
    titles = [r.findtext(f"{SVG}title") for r in drawing.findall(f"{SVG}rect")]
    assert "base: RU 10.0 shifts" in titles
    assert "no-ru-kz: KZ 2.0 shifts" in titles
