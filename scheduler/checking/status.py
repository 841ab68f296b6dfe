"""The solution's round and status agree with the instance and with what the solution holds."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext


def check_round(context: CheckContext) -> Iterator[Breach]:
    """The solution is for the instance's round."""
    expected = context.index.instance.round.id
    if context.solution.round != expected:
        yield Breach(
            "round",
            "round",
            f"the solution is for round {context.solution.round!r}, "
            f"the instance is round {expected!r}",
        )


def check_status(context: CheckContext) -> Iterator[Breach]:
    """`infeasible` and `unknown` have no assignments; `infeasible` names a non-empty conflict."""
    solution = context.solution
    if not context.allocates and solution.assignments:
        count = len(solution.assignments)
        yield Breach(
            "status",
            "assignments",
            f"the status is {solution.status}, but the solution has {count} "
            f"assignment{'s' if count != 1 else ''}; it must have none",
        )
    if solution.status == "infeasible" and not solution.conflict:
        yield Breach(
            "status",
            "conflict",
            "an infeasible solution must name, in `conflict`, the hard rules that cannot "
            "hold together",
        )


def check_conflict(context: CheckContext) -> Iterator[Breach]:
    """Each name in `conflict` is a hard policy id, `BEFORE->AFTER` or `coupled:PROPOSAL`."""
    known = _conflict_names(context)
    for position, name in enumerate(context.solution.conflict or ()):
        if name not in known:
            yield Breach(
                "conflict",
                path("conflict", position),
                f"{name!r} names no hard rule of the instance (a hard policy id, a precedence "
                "as 'BEFORE->AFTER' or a coupled proposal as 'coupled:PROPOSAL')",
            )


def _conflict_names(context: CheckContext) -> set[str]:
    instance = context.index.instance
    names = {policy.id for policy in instance.policies if policy.mode == "hard"}
    names |= {f"{p.before}->{p.after}" for p in instance.precedences}
    names |= {f"coupled:{p.id}" for p in instance.proposals if p.coupled}
    return names
