"""What a caller controls about a generated round: size, calendar, policies, seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, get_args

from models.exchange.fields import MAX_HORIZON, MAX_ITEMS

PolicyProfile = Literal["none", "hard", "soft", "mixed"]
"""Which policies a round carries and how strictly: no policies, all hard, all soft, or both."""

CalendarProfile = Literal["normal", "tight", "fragmented"]
"""How much instrument time is closed, and how it is cut up (see `scheduler.generator.calendar`)."""

POLICY_PROFILES: tuple[PolicyProfile, ...] = get_args(PolicyProfile)
CALENDAR_PROFILES: tuple[CalendarProfile, ...] = get_args(CalendarProfile)

MAX_PROPOSALS = MAX_ITEMS
"""Most proposals a generated round may have (the format's list limit)."""

MAX_INSTRUMENTS = 10_000
"""Most instruments a generated round may have; beyond the catalogue they are synthetic."""

MAX_OVERSUBSCRIPTION = 50.0
"""Largest demand / supply target accepted."""

DEFAULT_START = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)
"""Start of shift 0 by default: the first Monday of February 2027, 08:00 UTC."""


MAX_HISTORY_ROUNDS = 50
"""Most earlier rounds a generated `history` stands for."""


@dataclass(frozen=True)
class GeneratorConfig:
    """Parameters of `generate_instance`; equal configs give identical instances.

    Attributes:
        seed: seed of the one `random.Random` every random choice is drawn from.
        proposals: number of proposals (each with 1-3 requests).
        instruments: number of instruments; the first ones come from the catalogue of
            real stations, the rest are synthetic (`scheduler.generator.catalogue`).
        shifts: length of the round in shifts (`round.n_shifts`).
        policies: policy profile, one of `POLICY_PROFILES`.
        calendar: calendar profile, one of `CALENDAR_PROFILES`.
        oversubscription: target ratio of requested shifts to open instrument-shifts
            (capacity counted); the `tight` calendar multiplies it by
            `scheduler.generator.demand.TIGHT_DEMAND_FACTOR` (1.4).
            Reached approximately: request sizes are capped, so a round with few
            proposals and many instruments falls short of it.
        shift_hours: hours per shift (`round.shift_hours`), 1-24.
        round_id: `round.id`.
        round_start: start of shift 0 (timezone-aware).
        round_name: `round.name`; empty means a name that states the parameters.
        owed_shifts: shifts beyond its tolerance that the partner of the first hard
            reciprocity agreement (or the first, if none is hard) is owed at the start;
            with more than 0 the empty award breaks that agreement, so a hard one forces
            awards. 0 (default): every policy holds for the empty award.
        history_rounds: earlier rounds whose time the contribution policy carries in its
            `history` (0: none, and the round is generated exactly as without it).

    Raises:
        ValueError: from the constructor, naming the first parameter out of range.
    """

    seed: int = 1
    proposals: int = 200
    instruments: int = 16
    shifts: int = 540
    policies: PolicyProfile = "mixed"
    calendar: CalendarProfile = "normal"
    oversubscription: float = 2.5
    shift_hours: int = 8
    round_id: str = "2027-I"
    round_start: datetime = field(default=DEFAULT_START)
    round_name: str = ""
    owed_shifts: int = 0
    history_rounds: int = 0

    def __post_init__(self) -> None:
        _in_range("proposals", self.proposals, 1, MAX_PROPOSALS)
        _in_range("instruments", self.instruments, 1, MAX_INSTRUMENTS)
        _in_range("shifts", self.shifts, 1, MAX_HORIZON)
        _in_range("shift_hours", self.shift_hours, 1, 24)
        _in_range("owed_shifts", self.owed_shifts, 0, MAX_HORIZON)
        _in_range("history_rounds", self.history_rounds, 0, MAX_HISTORY_ROUNDS)
        if self.policies not in POLICY_PROFILES:
            raise ValueError(f"policies must be one of {POLICY_PROFILES}, not {self.policies!r}")
        if self.calendar not in CALENDAR_PROFILES:
            raise ValueError(f"calendar must be one of {CALENDAR_PROFILES}, not {self.calendar!r}")
        if not 0 < self.oversubscription <= MAX_OVERSUBSCRIPTION:
            raise ValueError(
                f"oversubscription must be above 0 and at most {MAX_OVERSUBSCRIPTION:g}, "
                f"not {self.oversubscription!r}"
            )
        if not 1 <= len(self.round_id) <= 200:
            raise ValueError("round_id must be 1 to 200 characters long")
        if self.round_start.tzinfo is None:
            raise ValueError("round_start must be timezone-aware (for example UTC)")

    @property
    def name(self) -> str:
        """`round_name`, or a name stating how the round was generated."""
        if self.round_name:
            return self.round_name
        return (
            f"Generated round {self.round_id} (seed {self.seed}, {self.calendar} calendar, "
            f"{self.policies} policies)"
        )


def _in_range(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high:,}, not {value!r}")
