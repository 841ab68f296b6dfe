"""Every decision explained with true claims (the checker recomputes each), `objective` rare."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from models.exchange import parse_instance
from scheduler.generator import GeneratorConfig, generate_instance
from tests.scheduler.engine.helpers import solved

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_every_proposal_has_a_decision_and_every_shortfall_a_reason() -> None:
    instance = parse_instance((EXAMPLES / "jinr-2027-I.json").read_bytes())
    solution = solved(instance, time_limit=10.0)
    assert [d.proposal for d in solution.decisions] == [p.id for p in instance.proposals]
    got = {a.request: a.awarded_shifts for a in solution.assignments}
    explained = {r.request for d in solution.decisions for r in d.reasons}
    short = {r.id for p in instance.proposals for r in p.requests if got.get(r.id, 0) < r.shifts}
    assert short <= explained
    codes = Counter(r.code for d in solution.decisions for r in d.reasons)
    assert codes["objective"] <= 0.02 * sum(codes.values()), codes


def test_reasons_name_the_cut_off_score_and_the_policy() -> None:
    instance = generate_instance(
        GeneratorConfig(seed=11, proposals=80, instruments=6, shifts=180, policies="hard")
    )
    solution = solved(instance, time_limit=5.0)
    for decision in solution.decisions:
        for reason in decision.reasons:
            assert reason.message, reason
            if reason.code == "outranked":
                assert f"{reason.cutoff_score:g}" in reason.message  # type: ignore[union-attr]
            if reason.code == "policy":
                assert reason.policy in reason.message  # type: ignore[union-attr]
