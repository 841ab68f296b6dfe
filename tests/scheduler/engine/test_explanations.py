"""Every decision explained with true claims (the checker recomputes each), `objective` rare."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from models.exchange import parse_instance
from scheduler.generator import GeneratorConfig, generate_instance
from tests.scheduler import factories
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


def test_a_reason_gives_the_window_in_dates_of_the_rounds_calendar() -> None:
    # The round starts 2027-02-01 08:00 UTC with 8-hour shifts: shift 3 starts a day later.
    closed = factories.instrument("SOCHI", closed=[(3, 6)])
    wanted = factories.request("P-1/a", ["SOCHI"], 6, release=3, deadline=9)
    instance = factories.instance([factories.proposal("P-1", 3.0, [wanted])], [closed])
    (decision,) = solved(instance, time_limit=2.0).decisions
    (reason,) = decision.reasons
    assert reason.code == "unplaceable"
    assert "2027-02-02 08:00 to 2027-02-04 08:00 UTC (shifts 3-8)" in reason.message
