"""A small round with both policy kinds, and a valid solution for it that tests corrupt.

Instruments: SOCHI (NICA, capacity 1, closed 0-1), ISCRA (NICA, capacity 2),
DC60 (INP, capacity 1, closed 20-23); 24 shifts. NICA is hosted by RU, INP by KZ.

| proposal | score | countries       | request: alternatives, shifts (min, block), window   |
| -------- | ----- | --------------- | ---------------------------------------------------- |
| P-1      | 5     | RU              | P-1/a: SOCHI|ISCRA, 6 (4, 2), unavailable 10-11       |
| P-2      | 4     | KZ 0.5, RU 0.5  | P-2/a: SOCHI, 4; P-2/b: DC60, 4, window [4, 20)      |
| P-3      | 3     | KZ              | P-3/a: ISCRA, 6 (3, 3)                               |
| P-4      | 2     | CN              | P-4/a: DC60|ISCRA, 4, window [2, 8)                  |
| P-5      | 1     | RU              | P-5/a: ISCRA, 2; after P-2/a with min_gap 1          |

Policies: NICA-members (contribution_share at NICA, RU 0.5 / KZ 0.5, ratios
0.5-1.5, non-members at most 0.2, hard) and RU-KZ (reciprocity, tolerance 2,
credit KZ 3, soft, weight 4).

The valid solution awards P-1/a SOCHI [2, 6], P-2/a SOCHI [12, 4], P-2/b DC60
[4, 4], P-3/a ISCRA [0, 3] (partial: RU-KZ), P-5/a ISCRA [17, 2], and rejects
P-4/a (NICA-members). Its objective is 57 (see test_checker.py).
"""

from __future__ import annotations

from models.exchange import Assignment, Decision, Instance, Solution
from tests.scheduler.factories import (
    assignment,
    contribution_policy,
    decision,
    instance,
    instrument,
    policy_reason,
    precedence,
    proposal,
    reciprocity_policy,
    request,
    solution,
    violation,
)


def scenario_instance() -> Instance:
    """The round described in the module docstring."""
    return instance(
        instruments=[
            instrument("SOCHI", "NICA", closed=[(0, 2)]),
            instrument("ISCRA", "NICA", capacity=2),
            instrument("DC60", "INP", closed=[(20, 24)]),
        ],
        proposals=[
            proposal(
                "P-1",
                5,
                [
                    request(
                        "P-1/a",
                        ["SOCHI", "ISCRA"],
                        6,
                        min_shifts=4,
                        min_block=2,
                        unavailable=[(10, 12)],
                    )
                ],
            ),
            proposal(
                "P-2",
                4,
                [
                    request("P-2/a", ["SOCHI"], 4),
                    request("P-2/b", ["DC60"], 4, release=4, deadline=20),
                ],
                {"KZ": 0.5, "RU": 0.5},
            ),
            proposal(
                "P-3", 3, [request("P-3/a", ["ISCRA"], 6, min_shifts=3, min_block=3)], {"KZ": 1.0}
            ),
            proposal(
                "P-4",
                2,
                [request("P-4/a", ["DC60", "ISCRA"], 4, release=2, deadline=8)],
                {"CN": 1.0},
            ),
            proposal("P-5", 1, [request("P-5/a", ["ISCRA"], 2)]),
        ],
        precedences=[precedence("P-2/a", "P-5/a", min_gap=1)],
        policies=[
            contribution_policy(
                "NICA-members",
                facilities=["NICA"],
                shares={"RU": 0.5, "KZ": 0.5},
                min_ratio=0.5,
                max_ratio=1.5,
                non_member_max_fraction=0.2,
                mode="hard",
            ),
            reciprocity_policy(
                "RU-KZ",
                countries=["RU", "KZ"],
                tolerance=2,
                credit={"KZ": 3},
                mode="soft",
                weight=4,
            ),
        ],
    )


def scenario_assignments() -> list[Assignment]:
    """The valid solution's assignments, positions 0-4: P-1/a, P-2/a, P-2/b, P-3/a, P-5/a."""
    return [
        assignment("P-1/a", "SOCHI", (2, 6)),
        assignment("P-2/a", "SOCHI", (12, 4)),
        assignment("P-2/b", "DC60", (4, 4)),
        assignment("P-3/a", "ISCRA", (0, 3)),
        assignment("P-5/a", "ISCRA", (17, 2)),
    ]


def scenario_decisions() -> list[Decision]:
    """The valid solution's decisions, positions 0-4: P-1 to P-5."""
    return [
        decision("P-1", "awarded"),
        decision("P-2", "awarded"),
        decision("P-3", "partial", policy_reason("P-3/a", "RU-KZ")),
        decision("P-4", "rejected", policy_reason("P-4/a", "NICA-members")),
        decision("P-5", "awarded"),
    ]


def scenario_solution() -> Solution:
    """The valid solution: objective 57, RU-KZ violated by 4 shifts, bound 60."""
    return solution(
        scenario_assignments(),
        scenario_decisions(),
        policies=[violation("NICA-members", 0.0), violation("RU-KZ", 4.0)],
        objective=57.0,
        bound=60.0,
    )


def with_assignments(base: Solution, assignments: list[Assignment]) -> Solution:
    """`base` with other assignments (figures and decisions unchanged)."""
    return base.model_copy(update={"assignments": tuple(assignments)})


def with_assignment(base: Solution, position: int, replacement: Assignment) -> Solution:
    """`base` with assignment number `position` replaced."""
    assignments = list(base.assignments)
    assignments[position] = replacement
    return with_assignments(base, assignments)


def with_decisions(base: Solution, decisions: list[Decision]) -> Solution:
    """`base` with other decisions."""
    return base.model_copy(update={"decisions": tuple(decisions)})


def with_decision(base: Solution, position: int, replacement: Decision) -> Solution:
    """`base` with decision number `position` replaced."""
    decisions = list(base.decisions)
    decisions[position] = replacement
    return with_decisions(base, decisions)
