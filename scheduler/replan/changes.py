"""Explanations of change: every baseline block a revision does not keep, with what replaced
it and why, and every request that got lost time back (the solution's `revision` extension).

Causes, in the order they are tried, each true of the revision it comes with:

* `lost-time`: the block touches shifts now closed on its instrument (the outage);
* `no-longer-possible`: no revision could keep it for another reason (the team is not
  available, the window, `min_block`, or the request already received its `shifts`);
* `made-room`: other requests now use some of its shifts (named, and said to be the
  compensation of lost time when they had lost time themselves);
* `objective`: none of these: the revision is worth more than `change_weight` for it
  (policies, coupling or precedences rebalanced).
"""

from __future__ import annotations

from collections.abc import Iterable

from models.exchange import Instance, Solution
from models.exchange.replan import BaselineAssignment
from models.exchange.solution import BlockChange, ChangeCause, ChangeKind, RevisionReport, TimeBack
from scheduler.index import InstanceIndex
from scheduler.prepare import prepare
from scheduler.replan.baseline import baseline_start
from scheduler.replan.kept import BaselineBlock, baseline_blocks, is_kept
from scheduler.replan.remaining import remaining_round

Blocks = tuple[tuple[int, int], ...]


def revision_report(instance: Instance, solution: Solution) -> RevisionReport:
    """What `solution` changed of the baseline of re-plan `instance`, and why.

    Raises:
        ValueError: if `instance` has no `replan` section.
    """
    remaining = remaining_round(instance)
    impossible = set(baseline_start(remaining, prepare(remaining.instance)).impossible)
    index = InstanceIndex(instance)
    revision: dict[str, tuple[str, Blocks]] = {
        a.request: (a.instrument, tuple((s, n) for s, n in a.blocks)) for a in solution.assignments
    }
    lost = {b for b in impossible if _closed_shifts(index, b)}
    hit = {b.request for b in lost}
    changes = [
        _change(index, block, revision, impossible, lost, hit)
        for block in baseline_blocks(remaining.replan)
        if not is_kept(block, revision)
    ]
    baseline = {
        (b.request, b.instrument, b.start, b.length) for b in baseline_blocks(remaining.replan)
    }
    new = sum(
        (request, instrument, start, length) not in baseline
        for request, (instrument, blocks) in revision.items()
        for start, length in blocks
    )
    kinds = [change.change for change in changes]
    return RevisionReport(
        kept=sum(1 for _ in baseline_blocks(remaining.replan)) - len(changes),
        moved=kinds.count("moved"),
        shortened=kinds.count("shortened"),
        dropped=kinds.count("dropped"),
        new=new,
        changes=tuple(changes),
        time_back=tuple(_time_back(remaining.replan.baseline, lost, revision)),
    )


def _closed_shifts(index: InstanceIndex, block: BaselineBlock) -> list[int]:
    closed = index.closed_shifts(block.instrument)
    return [s for s in range(block.start, block.start + block.length) if s in closed]


def _change(
    index: InstanceIndex,
    block: BaselineBlock,
    revision: dict[str, tuple[str, Blocks]],
    impossible: set[BaselineBlock],
    lost: set[BaselineBlock],
    hit: set[str],
) -> BlockChange:
    placed = revision.get(block.request)
    baseline_here = {(block.start, block.length)}
    replacement = (
        tuple(b for b in placed[1] if b not in baseline_here) if placed is not None else ()
    )
    kind: ChangeKind = "dropped"
    if placed is not None:
        inside = [
            (s, n)
            for s, n in placed[1]
            if placed[0] == block.instrument
            and block.start <= s
            and s + n <= block.start + block.length
        ]
        kind = "shortened" if inside else "moved"
    where = f"[{block.start}, {block.length}] on {block.instrument}"
    cause: ChangeCause
    if block in lost:
        shifts = _closed_shifts(index, block)
        cause = "lost-time"
        why = f"it touched lost time: {block.instrument} is closed at shifts {_ranges(shifts)}"
    elif block in impossible:
        cause = "no-longer-possible"
        why = (
            "no revision could keep it: it no longer fits the request's window, its team's "
            "availability, min_block or the shifts left to it"
        )
    else:
        takers = _occupants(revision, block)
        compensated = sorted(takers & hit)
        if compensated:
            cause = "made-room"
            why = "it made room for the compensation of the lost shifts of " + ", ".join(
                compensated
            )
        elif takers:
            cause = "made-room"
            why = "its shifts now go to " + ", ".join(sorted(takers))
        else:
            cause = "objective"
            why = (
                "the revision is worth more than the change costs: policies, coupling or "
                "precedences were rebalanced around the lost time"
            )
    if kind == "dropped":
        what = f"{block.request}'s block {where} was dropped"
    else:
        target = ", ".join(f"[{s}, {n}]" for s, n in replacement) or "its other blocks"
        on = placed[0] if placed is not None else block.instrument
        verb = "was shortened to" if kind == "shortened" else "moved to"
        what = f"{block.request}'s block {where} {verb} {target} on {on}"
    return BlockChange(
        request=block.request,
        instrument=block.instrument,
        block=(block.start, block.length),
        change=kind,
        to=replacement,
        cause=cause,
        message=f"{what}: {why}",
    )


def _occupants(revision: dict[str, tuple[str, Blocks]], block: BaselineBlock) -> set[str]:
    """Other requests whose revision blocks use some of the block's shifts on its instrument."""
    end = block.start + block.length
    return {
        request
        for request, (instrument, blocks) in revision.items()
        if request != block.request
        and instrument == block.instrument
        and any(s < end and block.start < s + n for s, n in blocks)
    }


def _time_back(
    baseline: Iterable[BaselineAssignment],
    lost: set[BaselineBlock],
    revision: dict[str, tuple[str, Blocks]],
) -> list[TimeBack]:
    lost_shifts: dict[str, int] = {}
    for block in lost:
        lost_shifts[block.request] = lost_shifts.get(block.request, 0) + block.length
    planned = {item.request: sum(n for _, n in item.blocks) for item in baseline}
    result = []
    for request in sorted(lost_shifts):
        survived = planned[request] - lost_shifts[request]
        got = sum(n for _, n in revision[request][1]) if request in revision else 0
        given_back = max(0, min(lost_shifts[request], got - survived))
        result.append(
            TimeBack(
                request=request,
                lost=lost_shifts[request],
                given_back=given_back,
                message=f"{request} lost {lost_shifts[request]} planned shifts to the outage; "
                f"the revision gives back {given_back}",
            )
        )
    return result


def _ranges(shifts: list[int]) -> str:
    parts: list[str] = []
    start = previous = shifts[0]
    for shift in [*shifts[1:], None]:
        if shift is not None and shift == previous + 1:
            previous = shift
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if shift is not None:
            start = previous = shift
    return ", ".join(parts)
