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
    delivered = context.placements.delivered
    replan = context.index.instance.replan
    for precedence in context.index.instance.precedences:
        after = placements.get(precedence.after)
        if after is None or precedence.after in delivered:
            continue  # a started `after` has begun: the precedence no longer binds
        name = f"{precedence.before}->{precedence.after}"
        before = placements.get(precedence.before)
        if before is None and precedence.before not in delivered:
            yield Breach(
                "precedence",
                path("assignments", after.position),
                f"{precedence.after} is awarded but {precedence.before}, which must come "
                f"before it (precedence {name}), is not",
            )
            continue
        # A started `before`'s delivered time ends at `now`; its new blocks, if any, later.
        ends = [start + length for start, length in before.assignment.blocks] if before else []
        if replan is not None and precedence.before in delivered:
            ends.append(replan.now)
        before_end = max(ends)
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
