"""The reported objective and bound against the objective the checker recomputes exactly."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach
from scheduler.checking.context import CheckContext
from scheduler.checking.tolerance import agrees, at_least
from scheduler.checking.wording import number


def check_objective(context: CheckContext) -> Iterator[Breach]:
    """`objective` is given and agrees with the recomputed one within 1e-6 relative.

    Checked for `optimal` and `feasible` only: the other statuses carry no allocation.
    """
    if not context.allocates:
        return
    reported = context.solution.objective
    if reported is None:
        yield Breach(
            "objective-reported",
            "objective",
            f"a {context.solution.status} solution must report its objective "
            f"(the checker finds {number(context.objective)})",
        )
    elif not agrees(reported, context.objective):
        yield Breach(
            "objective-reported",
            "objective",
            f"the solution reports an objective of {number(reported)}, "
            f"the checker finds {number(context.objective)}",
        )


def check_bound(context: CheckContext) -> Iterator[Breach]:
    """A bound is not below the objective; an optimal solution's bound equals it (1e-6 relative).

    Compared with the recomputed objective, so that a wrong objective is reported once.
    """
    if not context.allocates:
        return
    bound = context.solution.bound
    objective = context.objective
    if context.solution.status == "optimal":
        if bound is None:
            yield Breach(
                "bound",
                "bound",
                f"an optimal solution must give its bound, equal to its objective "
                f"{number(objective)}",
            )
        elif not agrees(bound, objective):
            yield Breach(
                "bound",
                "bound",
                f"the solution is called optimal, but its bound {number(bound)} differs from "
                f"its objective {number(objective)}",
            )
    elif bound is not None and not at_least(bound, objective):
        yield Breach(
            "bound",
            "bound",
            f"the bound {number(bound)} is below the objective {number(objective)}; "
            "an upper bound cannot be",
        )
