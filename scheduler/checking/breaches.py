"""A breach: one rule of the format that a solution does not keep, located in the solution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.exchange.problems import format_path

Rule = Literal[
    "round",
    "status",
    "conflict",
    "unknown-request",
    "unknown-instrument",
    "instrument-not-alternative",
    "duplicate-assignment",
    "block-length",
    "horizon",
    "window",
    "total-shifts",
    "closed",
    "unavailable",
    "overlap",
    "before-now",
    "started-instrument",
    "changed",
    "capacity",
    "coupled",
    "precedence",
    "hard-policy",
    "unknown-policy",
    "policy-violation-reported",
    "objective-reported",
    "bound",
    "decision",
    "missing-reason",
    "reason",
]
"""Every rule the checker knows, by code (see `scheduler.checking` for what each means)."""


@dataclass(frozen=True)
class Breach:
    """A rule broken by a solution.

    Attributes:
        rule: the rule's code, e.g. `"capacity"`.
        path: where in the solution, as a JSON path such as `assignments[3].blocks[1]`.
        message: a sentence for people naming the requests, instruments and shifts involved.
    """

    rule: Rule
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def path(*parts: str | int) -> str:
    """`path("assignments", 3, "blocks", 1)` -> `assignments[3].blocks[1]`."""
    return format_path(parts)
