"""Numbers and shift ranges as the checker's messages write them."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction


def number(value: Fraction | float | int) -> str:
    """A figure for people: whole numbers without decimals, others to 10 significant digits."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.10g}"


def shift_ranges(shifts: Iterable[int]) -> str:
    """Shift numbers as ranges: `{0, 1, 2, 7}` -> `"0-2, 7"`."""
    ordered = sorted(set(shifts))
    parts: list[str] = []
    start = previous = None
    for shift in ordered:
        if previous is not None and shift == previous + 1:
            previous = shift
            continue
        if start is not None and previous is not None:
            parts.append(_span(start, previous))
        start = previous = shift
    if start is not None and previous is not None:
        parts.append(_span(start, previous))
    return ", ".join(parts)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def block(start: int, length: int) -> str:
    """A block as the format writes it, with the shifts it covers: `[4, 3] (shifts 4-6)`."""
    if length <= 0:
        return f"[{start}, {length}] (no shifts)"
    return f"[{start}, {length}] (shifts {shift_ranges(range(start, start + length))})"


def count(amount: int, noun: str) -> str:
    """`count(1, "shift")` -> `"1 shift"`, `count(3, "shift")` -> `"3 shifts"`."""
    return f"{amount} {noun}{'' if amount == 1 else 's'}"
