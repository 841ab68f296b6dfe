"""Return coefficients: this round alone and cumulative with `history`, side by side."""

from __future__ import annotations

import pytest

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.report import report_solution
from tests.scheduler.engine.test_replan_rules import balanced_members
from tests.scheduler.factories import assignment, decision, solution


def test_round_alone_and_cumulative_return_coefficients() -> None:
    # RU had 4 shifts in earlier rounds; this round only P-KZ gets its 4 shifts.
    # Alone: RU 0 of M = 4, KZ (4 / 4) / 0.5 = 2.0. Cumulative: 4 and 4 of M' = 8, both 1.0.
    instance = balanced_members(history={"RU": 4})
    awarded = solution(
        [assignment("P-KZ/a", "I", (0, 4))],
        [decision("P-RU", "rejected"), decision("P-KZ", "awarded")],
        objective=4.0,
    )
    returns = {member.country: member for member in report_solution(instance, awarded).returns}
    assert returns["RU"].round_return_coefficient == pytest.approx(0.0)
    assert returns["KZ"].round_return_coefficient == pytest.approx(2.0)
    assert returns["RU"].return_coefficient == pytest.approx(1.0)
    assert returns["KZ"].return_coefficient == pytest.approx(1.0)
    assert returns["RU"].time == pytest.approx(4.0)


def test_generated_history_keeps_the_round_feasible_and_the_rest_unchanged() -> None:
    plain = generate_instance(GeneratorConfig(seed=5, proposals=20, instruments=4, shifts=90))
    with_history = generate_instance(
        GeneratorConfig(seed=5, proposals=20, instruments=4, shifts=90, history_rounds=3)
    )
    assert plain.proposals == with_history.proposals
    (policy,) = with_history.policies[:1]
    assert policy.type == "contribution_share"
    assert policy.history
    assert plain.policies[0].history is None  # type: ignore[union-attr]
