"""The benchmark ladder: seeded generated rounds from S to XL, with policy and calendar variants."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.generator import GeneratorConfig
from scheduler.generator.config import CalendarProfile, PolicyProfile


@dataclass(frozen=True)
class Case:
    """One rung of the ladder."""

    name: str
    proposals: int
    instruments: int
    shifts: int
    policies: PolicyProfile
    calendar: CalendarProfile = "normal"
    seed: int = 1
    owed_shifts: int = 0
    """Shifts a hard agreement's partner is owed at the start (then the empty award is invalid)."""

    def config(self) -> GeneratorConfig:
        """The generator settings that produce this case's round."""
        return GeneratorConfig(
            seed=self.seed,
            proposals=self.proposals,
            instruments=self.instruments,
            shifts=self.shifts,
            policies=self.policies,
            calendar=self.calendar,
            round_id=f"bench-{self.name}",
            owed_shifts=self.owed_shifts,
        )


SIZES = {"S": (60, 6, 180), "M": (400, 20, 540), "L": (2000, 50, 540), "XL": (10000, 100, 1095)}


def _case(size: str, policies: PolicyProfile, calendar: CalendarProfile = "normal") -> Case:
    suffix = policies if calendar == "normal" else f"{calendar}-{policies}"
    return Case(f"{size}-{suffix}", *SIZES[size], policies=policies, calendar=calendar)


LADDER: tuple[Case, ...] = (
    _case("S", "hard"),
    _case("S", "soft"),
    _case("S", "mixed"),
    _case("S", "hard", "tight"),
    _case("S", "hard", "fragmented"),
    _case("M", "hard"),
    _case("M", "soft"),
    _case("M", "mixed"),
    _case("M", "hard", "tight"),
    _case("M", "hard", "fragmented"),
    _case("L", "mixed"),
    _case("L", "hard"),
    _case("L", "mixed", "tight"),
    _case("XL", "mixed"),
    # The empty award breaks a hard reciprocity agreement, so a valid schedule must award.
    Case("XL-owed-mixed", *SIZES["XL"], policies="mixed", owed_shifts=30),
)

SPREAD_SIZES = ("M", "L")
"""Sizes whose cases also run with further solver seeds: the spread of two racing workers."""

SMOKE: tuple[Case, ...] = (
    Case("smoke-S", 30, 4, 90, policies="mixed"),
    Case("smoke-fragmented", 30, 4, 90, policies="hard", calendar="fragmented"),
)
