"""Re-plan cases of the ladder: a published engine schedule of a ladder round, then an event.

From `now` = one third of the horizon: one instrument lost for the rest of the round
(`lost-rest`); two instruments lost for a week (`lost-week`); a few groups declining
(`decline`, no outage). The published schedule is the engine's own, with a fixed budget.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from benchmarks.cases import Case, _case
from models.exchange import Instance, Solution
from scheduler.replan.build import Outage, replan_instance

Event = Literal["lost-rest", "lost-week", "decline"]

WEEK_HOURS = 7 * 24
DECLINE_FRACTION = 0.05
"""Share of the groups with time after `now` that decline, in the `decline` cases."""


@dataclass(frozen=True)
class ReplanCase:
    """A ladder round, the budget of its published schedule, and the event to re-plan for."""

    round_case: Case
    publish_seconds: float
    event: Event

    @property
    def name(self) -> str:
        """E.g. `M-mixed/lost-rest`."""
        return f"{self.round_case.name}/{self.event}"

    def replan(self, instance: Instance, published: Solution, change_weight: float) -> Instance:
        """The re-plan instance of `published` at one third of the horizon."""
        now = instance.round.n_shifts // 3
        busiest = _busiest_instruments(published, now)
        outages: list[Outage] = []
        declined: list[str] = []
        if self.event == "lost-rest":
            outages = [Outage(busiest[0], now, instance.round.n_shifts)]
        elif self.event == "lost-week":
            week = WEEK_HOURS // instance.round.shift_hours
            outages = [Outage(instrument, now, now + week) for instrument in busiest[:2]]
        else:
            proposal_of = {r.id: p.id for p in instance.proposals for r in p.requests}
            groups = sorted(
                {
                    proposal_of[a.request]
                    for a in published.assignments
                    if any(start + length > now for start, length in a.blocks)
                }
            )
            rng = random.Random(self.round_case.seed)
            declined = rng.sample(groups, max(1, round(DECLINE_FRACTION * len(groups))))
        return replan_instance(
            instance,
            published,
            now=now,
            outages=outages,
            declined=declined,
            change_weight=change_weight,
        )


def _busiest_instruments(published: Solution, now: int) -> list[str]:
    """Instruments by booked shifts from `now` on, busiest first (ties by id)."""
    booked: dict[str, int] = {}
    for assignment in published.assignments:
        for start, length in assignment.blocks:
            later = start + length - max(start, now)
            if later > 0:
                booked[assignment.instrument] = booked.get(assignment.instrument, 0) + later
    return sorted(booked, key=lambda instrument: (-booked[instrument], instrument))


REPLAN_LADDER: tuple[ReplanCase, ...] = tuple(
    ReplanCase(_case(size, "mixed"), publish, event)
    for size, publish in (("M", 30.0), ("L", 60.0))
    for event in ("lost-rest", "lost-week", "decline")
)

REPLAN_SMOKE: tuple[ReplanCase, ...] = (
    ReplanCase(Case("smoke-S", 30, 4, 90, policies="mixed"), 2.0, "lost-rest"),
)
