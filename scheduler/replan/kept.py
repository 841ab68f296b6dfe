"""Which baseline blocks a revision keeps: the one home of the re-plan's "kept" rule.

A baseline block `[s, l]` of request `r` on instrument `i` is kept when the revision gives
`r` on `i` a block that is exactly `[s, l]`; `changed` counts the blocks not kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from models.exchange.replan import Replan
from scheduler.evaluation import exact

BlockList = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class BaselineBlock:
    """One block of the baseline: `number` in its assignment, `[start, length]`."""

    request: str
    instrument: str
    number: int
    start: int
    length: int


def baseline_blocks(replan: Replan) -> Iterator[BaselineBlock]:
    """Every block of the baseline, in document order."""
    for item in replan.baseline:
        for number, (start, length) in enumerate(item.blocks):
            yield BaselineBlock(item.request, item.instrument, number, start, length)


def is_kept(block: BaselineBlock, revision: Mapping[str, tuple[str, BlockList]]) -> bool:
    """Whether `revision` (request -> instrument and blocks) gives the exact block."""
    placed = revision.get(block.request)
    return (
        placed is not None
        and placed[0] == block.instrument
        and (block.start, block.length) in placed[1]
    )


def changed_blocks(replan: Replan, revision: Mapping[str, tuple[str, BlockList]]) -> int:
    """The number of baseline blocks that `revision` does not keep."""
    return sum(not is_kept(block, revision) for block in baseline_blocks(replan))


def change_penalty(replan: Replan, changed: int) -> Fraction:
    """change_weight * changed, in the objective's units."""
    return exact(replan.change_weight) * changed
