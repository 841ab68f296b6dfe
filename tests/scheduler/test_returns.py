"""The return coefficient and its bands: one definition, read by the solve summary, the
country report and the balances page."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from scheduler.returns import BANDS, band_of, return_coefficient


def test_the_return_coefficient_is_time_share_over_contribution_share() -> None:
    assert return_coefficient(Fraction(30), Fraction(100), 0.6) == Fraction(1, 2)
    assert return_coefficient(Fraction(60), Fraction(100), 0.6) == 1
    assert return_coefficient(Fraction(1), Fraction(3), 0.1) == Fraction(10, 3)


def test_the_return_coefficient_is_undefined_before_anyone_has_time() -> None:
    assert return_coefficient(Fraction(0), Fraction(0), 0.5) is None
    assert band_of(None) is None


@pytest.mark.parametrize(
    ("coefficient", "key"),
    [(0.0, "very-poor"), (0.3999, "very-poor"), (0.40, "poor"), (0.9999, "poor"), (1.0, "well")],
)
def test_bands_grade_below_040_very_poor_below_1_poor_else_well(
    coefficient: float, key: str
) -> None:
    band = band_of(coefficient)
    assert band is not None
    assert band.key == key


def test_bands_cover_every_coefficient_without_overlap() -> None:
    assert BANDS[0].low == 0
    for lower, upper in itertools.pairwise(BANDS):
        assert lower.high == upper.low
    assert [band.label for band in BANDS] == [
        "very poorly balanced (< 0.40)",
        "poorly balanced (< 1.00)",
        "well balanced (≥ 1.00)",
    ]
