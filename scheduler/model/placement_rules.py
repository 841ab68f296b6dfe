"""Rules 4 and 6 on blocks in time: instrument capacity, and precedence timing."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.calendar import merged_intervals
from scheduler.model.slots import Slot
from scheduler.prepare import PreparedInstance

SlotsByRequest = dict[str, dict[str, list[Slot]]]


def add_instrument_capacity(
    model: cp_model.CpModel, prepared: PreparedInstance, slots: SlotsByRequest, fixed: Allocation
) -> None:
    """Rule 4: at every shift no instrument hosts more blocks than its capacity.

    Closed periods join as full-capacity intervals: redundant with the slots'
    gaps, but they let the resource constraint propagate further.
    """
    on_instrument: dict[str, list[cp_model.IntervalVar]] = {}
    for by_instrument in slots.values():
        for instrument, instrument_slots in by_instrument.items():
            on_instrument.setdefault(instrument, []).extend(s.interval for s in instrument_slots)
    for request_id, placement in fixed.placements.items():
        if placement.instrument not in on_instrument:
            continue
        on_instrument[placement.instrument].extend(
            model.new_fixed_size_interval_var(start, length, f"fixed[{request_id}@{start}]")
            for start, length in placement.blocks
        )
    for instrument_id, intervals in on_instrument.items():
        resource = prepared.index.instruments[instrument_id]
        closed = [
            model.new_fixed_size_interval_var(
                start, end - start, f"closed[{instrument_id}@{start}]"
            )
            for start, end in merged_intervals(resource.closed)
        ]
        if resource.capacity == 1:
            model.add_no_overlap(intervals + closed)
        else:
            demands = [1] * len(intervals) + [resource.capacity] * len(closed)
            model.add_cumulative(intervals + closed, demands, resource.capacity)


def add_precedence_timing(
    model: cp_model.CpModel, prepared: PreparedInstance, slots: SlotsByRequest, fixed: Allocation
) -> None:
    """Rule 6: every block of `after` starts `min_gap` shifts after every block of `before` ends.

    Slots are ordered, so the first slot of `after` holds its earliest start; that
    `after` needs `before` awarded at all is `add_precedence_implications`. The timing of
    `prepared.timing_only` (a re-plan's started `before`s) binds the same way.
    """
    for precedence in (*prepared.instance.precedences, *prepared.timing_only):
        before, after, gap = precedence.before, precedence.after, precedence.min_gap
        before_slots = [s for group in slots.get(before, {}).values() for s in group]
        after_firsts = [group[0] for group in slots.get(after, {}).values() if group]
        fixed_before = fixed.placements.get(before) if before not in slots else None
        fixed_after = fixed.placements.get(after) if after not in slots else None
        if before_slots and after_firsts:
            for first in after_firsts:
                for block in before_slots:
                    model.add(first.start >= block.end + gap).only_enforce_if(
                        [first.present, block.present]
                    )
        elif fixed_before is not None and after_firsts:
            for first in after_firsts:
                model.add(first.start >= fixed_before.last_end + gap).only_enforce_if(first.present)
        elif fixed_after is not None and before_slots:
            for block in before_slots:
                model.add(block.end + gap <= fixed_after.first_start).only_enforce_if(block.present)
