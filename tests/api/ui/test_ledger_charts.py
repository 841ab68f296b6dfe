"""The layouts of an agreement's ledger charts: time stacked by category on one scale,
values over the rounds against their bands."""

from __future__ import annotations

import pytest

from api.ui.charts.ledger import balance_over_rounds, coefficients_over_rounds, time_chart


def test_each_bar_stacks_the_categories_in_the_ledgers_order_on_one_scale() -> None:
    chart = time_chart(
        [
            ("R-1", "RU", {"scheduled": 10.0, "delivered": 30.0, "lost": 0.0}),
            ("R-1", "KZ", {"delivered": 20.0, "declined": 5.0}),
        ]
    )
    first, second = chart.bars
    assert [s.category for s in first.segments] == ["delivered", "scheduled"]  # no empty one
    assert first.segments[0].x == chart.plot_left
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    per_shift = first.segments[0].width / 30.0
    assert second.segments[0].width == pytest.approx(20.0 * per_shift)
    assert (first.total, second.total) == (40.0, 25.0)
    assert second.y > first.y


def test_the_balance_is_drawn_against_its_tolerance_band_around_zero() -> None:
    chart = balance_over_rounds(["R-1", "R-2"], [4.0, -12.0], tolerance=6.0)
    (band,) = chart.strips
    assert band.y < chart.reference < band.y + band.height
    assert chart.reference - band.y == pytest.approx(band.y + band.height - chart.reference)
    above, below = chart.lines[0].points
    assert above.y < chart.reference < below.y
    assert below.y > band.y + band.height  # outside the band
    assert [p.round for p in chart.lines[0].points] == ["R-1", "R-2"]


def test_coefficients_are_drawn_over_the_bands_and_undefined_ones_left_out() -> None:
    chart = coefficients_over_rounds(
        ["R-1", "R-2", "R-3"],
        cumulative={"KZ": [None, 0.5, 1.2], "RU": [1.0, 1.1, 0.9]},
        round_alone={"KZ": [None, 0.5, 1.8], "RU": [1.0, 1.2, 0.6]},
    )
    solid = {line.key: line for line in chart.lines if not line.dashed}
    assert [p.round for p in solid["KZ"].points] == ["R-2", "R-3"]
    very_poor, poor, well = chart.strips
    assert (very_poor.key, poor.key, well.key) == ("very-poor", "poor", "well")
    assert well.y + well.height == pytest.approx(chart.reference)  # 1.00 divides them
    assert poor.y == pytest.approx(chart.reference)
    assert solid["KZ"].points[0].y > chart.reference > solid["KZ"].points[1].y
    assert len(chart.lines) == 4
