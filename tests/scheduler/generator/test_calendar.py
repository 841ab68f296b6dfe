"""Calendar profiles: how much time is closed and how it is cut up."""

from __future__ import annotations

from random import Random

import pytest

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.calendar import merge_intervals, spread
from scheduler.generator.config import CalendarProfile
from scheduler.summary import summarise_round
from tests.scheduler.generator.helpers import closed_fraction, free_runs, mean_free_run

SEEDS = (1, 2, 3)


def round_with(calendar: CalendarProfile, seed: int) -> GeneratorConfig:
    return GeneratorConfig(seed=seed, calendar=calendar, proposals=150, instruments=16)


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_calendar_closes_about_a_tenth_of_the_round(seed: int) -> None:
    assert 0.05 <= closed_fraction(generate_instance(round_with("normal", seed))) <= 0.15


@pytest.mark.parametrize("seed", SEEDS)
def test_tight_calendar_closes_a_quarter_to_two_fifths_more_than_normal(seed: int) -> None:
    tight = closed_fraction(generate_instance(round_with("tight", seed)))
    normal = closed_fraction(generate_instance(round_with("normal", seed)))
    assert 0.25 <= tight <= 0.45
    assert tight > normal + 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_tight_calendar_is_more_oversubscribed_than_normal(seed: int) -> None:
    tight = summarise_round(generate_instance(round_with("tight", seed))).oversubscription
    normal = summarise_round(generate_instance(round_with("normal", seed))).oversubscription
    assert tight is not None
    assert normal is not None
    assert tight > 1.2 * normal


@pytest.mark.parametrize("seed", SEEDS)
def test_fragmented_calendar_has_much_shorter_free_runs(seed: int) -> None:
    fragmented = mean_free_run(generate_instance(round_with("fragmented", seed)))
    normal = mean_free_run(generate_instance(round_with("normal", seed)))
    assert fragmented < normal / 3


def test_fragmented_calendar_gives_more_teams_unavailable_periods() -> None:
    def share_with_absences(calendar: CalendarProfile) -> float:
        instance = generate_instance(round_with(calendar, 1))
        requests = [r for p in instance.proposals for r in p.requests]
        return sum(bool(r.unavailable) for r in requests) / len(requests)

    assert share_with_absences("fragmented") > 2 * share_with_absences("normal")


def test_closed_intervals_are_sorted_disjoint_and_inside_the_round() -> None:
    for calendar in ("normal", "tight", "fragmented"):
        instance = generate_instance(round_with(calendar, 7))
        for instrument in instance.instruments:
            closed = list(instrument.closed)
            assert closed == merge_intervals(closed)
            assert all(0 <= start < end <= instance.round.n_shifts for start, end in closed)
            assert free_runs(closed, instance.round.n_shifts), "some time stays open"


def test_spread_places_the_asked_lengths_without_overlap_and_leaves_time_open() -> None:
    placed = spread(Random(1), 100, [10, 0, 20, 5], from_start=True)
    assert placed[0][0] == 0
    assert sum(end - start for start, end in placed) == 35
    assert spread(Random(1), 10, [6, 4, 3], from_start=False) == merge_intervals(
        spread(Random(1), 10, [6, 3], from_start=False)
    )
