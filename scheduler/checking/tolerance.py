"""How closely reported figures must match the checker's exact ones."""

from __future__ import annotations

from fractions import Fraction

from scheduler.evaluation import exact

TOLERANCE = Fraction(1, 1_000_000)
"""1e-6: relative for figures of magnitude above 1, absolute below (shifts or objective units)."""


def allowance(actual: Fraction) -> Fraction:
    """How far a reported figure may stray from `actual`: 1e-6 × max(1, |actual|)."""
    return TOLERANCE * max(Fraction(1), abs(actual))


def agrees(reported: float, actual: Fraction) -> bool:
    """True when `reported` is within 1e-6, absolute or relative, of the exact `actual`."""
    return abs(exact(reported) - actual) <= allowance(actual)


def at_least(reported: float, actual: Fraction) -> bool:
    """True when `reported` is not below `actual` by more than the allowance."""
    return exact(reported) >= actual - allowance(actual)


def holds(violation: Fraction) -> bool:
    """True when a hard policy's violation (in shifts) is at most 1e-6."""
    return violation <= TOLERANCE
