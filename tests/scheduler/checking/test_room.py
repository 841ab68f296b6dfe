"""Room, as the spec's "Reasons" define it, computed on intervals."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scheduler.checking.context import CheckContext
from scheduler.checking.room import free_runs, in_runs, room, shifts_needed
from scheduler.index import InstanceIndex
from tests.scheduler.checking.scenario import scenario_instance, scenario_solution, with_assignment
from tests.scheduler.factories import Span, assignment


def _naive_in_runs(window: Span, blocked: list[Span], min_block: int) -> int:
    """Shift by shift: free shifts of the window, summed over runs of at least `min_block`."""
    taken = {s for start, end in blocked for s in range(start, end)}
    total = run = 0
    for shift in range(*window):
        if shift in taken:
            total, run = total + (run if run >= min_block else 0), 0
        else:
            run += 1
    return total + (run if run >= min_block else 0)


spans = st.tuples(st.integers(0, 40), st.integers(1, 10)).map(lambda p: (p[0], p[0] + p[1]))


@given(
    window=spans,
    blocked=st.lists(spans, max_size=6),
    min_block=st.integers(1, 6),
)
def test_runs_on_intervals_agree_with_counting_shift_by_shift(
    window: Span, blocked: list[Span], min_block: int
) -> None:
    runs = free_runs(window, blocked)

    assert in_runs(runs, min_block) == _naive_in_runs(window, blocked, min_block)


def test_room_excludes_closed_unavailable_and_full_shifts() -> None:
    # P-1/a on SOCHI, window [0, 24): closed 0-1, unavailable 10-11, P-2/a holds 12-15
    # (its own 2-7 do not count). Runs: 2-9 (8), 16-23 (8) -> 16 shifts.
    instance = scenario_instance()
    context = CheckContext(InstanceIndex(instance), scenario_solution())

    assert room(context, InstanceIndex(instance).requests["P-1/a"], "SOCHI") == 16


def test_room_frees_the_requests_own_shifts_at_capacity() -> None:
    # P-5/a joins P-3/a on ISCRA (capacity 2) at 0-1: full, but not for P-3/a itself.
    instance = scenario_instance()
    crowded = with_assignment(scenario_solution(), 4, assignment("P-5/a", "ISCRA", (0, 2)))
    context = CheckContext(InstanceIndex(instance), crowded)

    assert room(context, InstanceIndex(instance).requests["P-3/a"], "ISCRA") == 24


def test_a_partial_award_needs_one_more_shift_than_it_got() -> None:
    request = InstanceIndex(scenario_instance()).requests["P-3/a"]

    assert shifts_needed(request, 0) == 3
    assert shifts_needed(request, 3) == 4
