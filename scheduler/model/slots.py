"""Block slots: the optional intervals that hold one request's blocks on one instrument.

Slots are ordered (slot j+1 is used only after slot j, at least one shift later),
which removes symmetric copies of the same schedule; unused slots are pinned to
the window's start with length 0. Gaps between the request's usable runs (closed
shifts, team unavailability, runs shorter than `min_block`) are fixed intervals
its slots may not overlap, so every block lies inside one usable run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.allocation import Block, Placement
from scheduler.calendar import Window
from scheduler.prepare import RequestPlan


@dataclass(frozen=True)
class Slot:
    """One optional block: `[start, start + size)` when `present`."""

    start: cp_model.IntVar | int
    size: cp_model.IntVar
    end: cp_model.LinearExprT
    present: cp_model.IntVar
    interval: cp_model.IntervalVar


def make_slots(
    model: cp_model.CpModel,
    plan: RequestPlan,
    window: Window,
    most: int,
    slot_limit: int,
    shrink_only: Placement | None,
    hint_blocks: tuple[Block, ...],
) -> list[Slot]:
    """The slots of `plan` on `window.instrument`, with rule 1 and 3 built in.

    There are as many slots as the calendar could use, up to `slot_limit`, but
    never fewer than the blocks the request needs at least or the hint uses.
    """
    if shrink_only is not None:
        return _shrinking_slots(model, plan, shrink_only, hint_blocks)
    request = plan.request
    runs = window.runs
    hint = _merge_adjacent(hint_blocks)
    fewest = max(_fewest_blocks(window, request.min_shifts), len(hint))
    count = max(fewest, min(most // request.min_block, len(runs) + len(hint), slot_limit))
    longest = min(most, max(end - start for start, end in runs))
    starts = cp_model.Domain.from_intervals(
        [[start, end - request.min_block] for start, end in runs]
    )
    earliest, latest = runs[0][0], runs[-1][1]
    name = f"{plan.id}@{window.instrument}"
    slots: list[Slot] = []
    for number in range(count):
        present = model.new_bool_var(f"used[{name}#{number}]")
        start = model.new_int_var_from_domain(starts, f"start[{name}#{number}]")
        size = model.new_int_var(0, longest, f"length[{name}#{number}]")
        end = model.new_int_var(earliest, latest, f"end[{name}#{number}]")
        interval = model.new_optional_interval_var(
            start, size, end, present, f"block[{name}#{number}]"
        )
        model.add(size >= request.min_block).only_enforce_if(present)
        model.add(size == 0).only_enforce_if(~present)
        model.add(start == earliest).only_enforce_if(~present)
        if slots:
            previous = slots[-1]
            model.add_implication(present, previous.present)
            model.add(start >= previous.end + 1).only_enforce_if(present)
        slots.append(Slot(start, size, end, present, interval))
        _hint_slot(model, slots[-1], hint[number] if number < len(hint) else None, earliest)
    gaps = [
        model.new_fixed_size_interval_var(end, next_start - end, f"gap[{name}#{k}]")
        for k, ((_, end), (next_start, _)) in enumerate(itertools.pairwise(runs))
        if next_start > end
    ]
    if gaps and count:
        model.add_no_overlap([slot.interval for slot in slots] + gaps)
    return slots


def _shrinking_slots(
    model: cp_model.CpModel, plan: RequestPlan, keep: Placement, hint: tuple[Block, ...]
) -> list[Slot]:
    """One slot per existing block, same start, length 0 or at least `min_block`."""
    hinted = dict(hint)
    slots = []
    for number, (start, length) in enumerate(keep.blocks):
        name = f"{plan.id}@{keep.instrument}#{number}"
        present = model.new_bool_var(f"kept[{name}]")
        size = model.new_int_var(0, length, f"length[{name}]")
        end = start + size
        interval = model.new_optional_interval_var(start, size, end, present, f"block[{name}]")
        model.add(size >= plan.request.min_block).only_enforce_if(present)
        model.add(size == 0).only_enforce_if(~present)
        model.add_hint(present, start in hinted)
        model.add_hint(size, hinted.get(start, 0))
        slots.append(Slot(start, size, end, present, interval))
    return slots


def _fewest_blocks(window: Window, shifts: int) -> int:
    """Blocks needed to reach `shifts` using the longest runs first."""
    total = 0
    for count, length in enumerate(sorted((e - s for s, e in window.runs), reverse=True), 1):
        total += length
        if total >= shifts:
            return count
    return len(window.runs)


def _merge_adjacent(blocks: tuple[Block, ...]) -> list[Block]:
    merged: list[Block] = []
    for start, length in sorted(blocks):
        if merged and merged[-1][0] + merged[-1][1] == start:
            merged[-1] = (merged[-1][0], merged[-1][1] + length)
        else:
            merged.append((start, length))
    return merged


def _hint_slot(model: cp_model.CpModel, slot: Slot, block: Block | None, earliest: int) -> None:
    # Every variable hinted (the end too), so that a valid hint is a first solution at once.
    start, length = block if block is not None else (earliest, 0)
    model.add_hint(slot.present, block is not None)
    model.add_hint(slot.size, length)
    if not isinstance(slot.start, int):
        model.add_hint(slot.start, start)
    if isinstance(slot.end, cp_model.IntVar):
        model.add_hint(slot.end, start + length)
