"""An allocation: each awarded request's instrument and blocks; the engine's working state."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from scheduler.evaluation import Award

Block = tuple[int, int]
"""A block `(start, length)` in shifts."""


@dataclass(frozen=True)
class Placement:
    """Where an awarded request runs: one instrument, blocks sorted by start."""

    instrument: str
    blocks: tuple[Block, ...]

    @property
    def shifts(self) -> int:
        """Total awarded shifts."""
        return sum(length for _, length in self.blocks)

    @property
    def first_start(self) -> int:
        """Start of the earliest block."""
        return self.blocks[0][0]

    @property
    def last_end(self) -> int:
        """End (exclusive) of the latest block."""
        return max(start + length for start, length in self.blocks)


@dataclass(frozen=True)
class Allocation:
    """Placements by request id; requests without one are not awarded."""

    placements: Mapping[str, Placement] = field(default_factory=dict)

    def awards(self) -> list[Award]:
        """The awarded shifts of every placed request."""
        return [Award(r, p.instrument, p.shifts) for r, p in self.placements.items()]

    def awarded_shifts(self, request_id: str) -> int:
        """Shifts awarded to a request (0 if none)."""
        placement = self.placements.get(request_id)
        return placement.shifts if placement else 0

    def __iter__(self) -> Iterator[tuple[str, Placement]]:
        return iter(sorted(self.placements.items()))

    def __len__(self) -> int:
        return len(self.placements)
