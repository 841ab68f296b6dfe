"""The baseline as a starting point: the blocks the outage left possible, in the remaining round.

A baseline block can be kept only if the remaining round still offers it: its shifts open
and available, inside the window, and the request still short of its `shifts`. The
others are *impossible*: every revision changes them, so `change_weight` per impossible
block is subtracted from every bound. The possible blocks form the natural warm start;
what they break (coupling, precedences, hard policies) is repaired by the engine's
keep-or-drop repair like any other starting allocation.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.allocation import Allocation, Block, Placement
from scheduler.prepare import PreparedInstance
from scheduler.replan.kept import BaselineBlock, baseline_blocks
from scheduler.replan.remaining import RemainingRound


@dataclass(frozen=True)
class BaselineStart:
    """The possible part of the baseline as an allocation, and the blocks no revision keeps."""

    allocation: Allocation
    impossible: tuple[BaselineBlock, ...]


def baseline_start(remaining: RemainingRound, prepared: PreparedInstance) -> BaselineStart:
    """The baseline's possible blocks by request (trimmed to `shifts`), and the impossible ones."""
    possible: dict[str, list[Block]] = {}
    impossible: list[BaselineBlock] = []
    instrument_of: dict[str, str] = {}
    for block in baseline_blocks(remaining.replan):
        if _possible(remaining, prepared, block):
            possible.setdefault(block.request, []).append((block.start, block.length))
            instrument_of[block.request] = block.instrument
        else:
            impossible.append(block)
    placements: dict[str, Placement] = {}
    for request_id, blocks in possible.items():
        request = prepared.plans[request_id].request
        kept: list[Block] = []
        for start, length in sorted(blocks):
            if sum(length for _, length in kept) + length <= request.shifts:
                kept.append((start, length))
        if sum(length for _, length in kept) >= request.min_shifts:
            placements[request_id] = Placement(instrument_of[request_id], tuple(kept))
    return BaselineStart(
        remaining.admits(Allocation(placements)) or Allocation(), tuple(impossible)
    )


def _possible(remaining: RemainingRound, prepared: PreparedInstance, block: BaselineBlock) -> bool:
    """Whether some valid revision could keep `block` (its own rules only)."""
    plan = prepared.plans.get(block.request)
    if plan is None or block.instrument not in plan.request.instruments:
        return False  # fully delivered, or started on another instrument
    min_block = remaining.original_index.requests[block.request].min_block
    started = block.request in remaining.started
    if block.length < min_block and not (started and block.start == remaining.replan.now):
        return False
    if block.length > plan.request.shifts:
        return False
    end = block.start + block.length
    return any(
        start <= block.start and end <= run_end
        for start, run_end in plan.runs_on(block.instrument).runs
    )
