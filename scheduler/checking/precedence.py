"""Rule 6 of "What a valid award is", first half: precedences hold.

`after` may be awarded only if `before` is, and then every block of `after`
starts at least `min_gap` shifts after the end of every block of `before`.
"""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.wording import block


def check_precedences(context: CheckContext) -> Iterator[Breach]:
    """Each precedence whose `after` is awarded: `before` awarded, and every gap kept."""
    placements = context.placements.by_request
    for precedence in context.index.instance.precedences:
        after = placements.get(precedence.after)
        if after is None:
            continue
        name = f"{precedence.before}->{precedence.after}"
        before = placements.get(precedence.before)
        if before is None:
            yield Breach(
                "precedence",
                path("assignments", after.position),
                f"{precedence.after} is awarded but {precedence.before}, which must come "
                f"before it (precedence {name}), is not",
            )
            continue
        before_end = max(start + length for start, length in before.assignment.blocks)
        earliest = before_end + precedence.min_gap
        for number, (start, length) in enumerate(after.assignment.blocks):
            if start < earliest:
                yield Breach(
                    "precedence",
                    path("assignments", after.position, "blocks", number),
                    f"block {block(start, length)} of {precedence.after} starts at shift "
                    f"{start}; precedence {name} needs shift {earliest} or later "
                    f"({precedence.before} ends at shift {before_end}, "
                    f"min_gap {precedence.min_gap})",
                )
