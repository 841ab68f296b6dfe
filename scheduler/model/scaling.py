"""Exact integer scaling of rational coefficients for CP-SAT, which only takes integers."""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

SAFE_MAGNITUDE = 2**52
"""Largest scaled magnitude accepted as exact (CP-SAT works in int64, its LP in doubles)."""


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common multiple of the denominators of `values` (1 for none)."""
    scale = 1
    for value in values:
        if value.denominator != 1:
            scale = math.lcm(scale, value.denominator)
    return scale


def scaled(value: Fraction, scale: int) -> int:
    """`value * scale`, which must be an integer."""
    product = value * scale
    if product.denominator != 1:
        raise ValueError(f"{value} is not a multiple of 1/{scale}")
    return product.numerator
