"""The re-plan's own rules (the format's `replan` addition): blocks from `now` on, started
requests on their delivered instrument, and `changed` as the solution reports it.

The other differences of a re-plan (delivered time in `awarded(r)`, the short block at
`now`, the coupling and precedence waivers, the change penalty) live in the rules they
modify: `awards`, `coupling`, `precedence` and `context.objective`.
"""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.wording import block


def check_replan_blocks(context: CheckContext) -> Iterator[Breach]:
    """Every block starts at or after `now`; a started request keeps its instrument."""
    replan = context.index.instance.replan
    if replan is None:
        return
    started = {item.request: item.instrument for item in replan.delivered}
    for placement in context.placements:
        for number, (start, length) in enumerate(placement.assignment.blocks):
            if start < replan.now:
                yield Breach(
                    "before-now",
                    path("assignments", placement.position, "blocks", number),
                    f"block {block(start, length)} of {placement.request.id} starts at shift "
                    f"{start}, before now ({replan.now}); what came before has happened",
                )
        delivered_on = started.get(placement.request.id)
        if delivered_on is not None and placement.instrument.id != delivered_on:
            yield Breach(
                "started-instrument",
                path("assignments", placement.position, "instrument"),
                f"{placement.request.id} is started on {delivered_on} and keeps its "
                f"instrument, but is placed on {placement.instrument.id}",
            )


def check_changed(context: CheckContext) -> Iterator[Breach]:
    """A re-plan's solution reports `changed`, the number of baseline blocks not kept."""
    if context.changed is None or not context.allocates:
        return
    reported = context.solution.changed
    if reported is None:
        yield Breach(
            "changed",
            "changed",
            f"a re-plan's solution must report `changed` (the checker finds {context.changed})",
        )
    elif reported != context.changed:
        yield Breach(
            "changed",
            "changed",
            f"the solution reports {reported} baseline blocks changed, the checker finds "
            f"{context.changed}",
        )
