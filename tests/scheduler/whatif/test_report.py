"""The report's price entries describe the best allocation known without the policy."""

from __future__ import annotations

from scheduler.whatif.cases import study_cases
from scheduler.whatif.report import assemble_report
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import reciprocity_policy, solution
from tests.scheduler.whatif.rounds import exchange_round


def test_a_solve_without_the_policy_that_found_less_than_the_base_changes_nothing() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    cases = study_cases(round_, [], price=True)
    base = solved(round_)
    stopped_early = solution(status="feasible", objective=0.0, bound=1000.0)
    report = assemble_report(round_, cases, {"base": base, "without:RU-KZ": stopped_early})
    assert report.prices is not None
    (price,) = report.prices
    assert price.status == "interval"
    assert price.countries == {}
    assert price.changed_decisions == []


def test_a_better_allocation_without_the_policy_shows_who_gains_and_what_changes() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    cases = study_cases(round_, [], price=True)
    relaxed_round = cases[1].instance
    report = assemble_report(
        round_, cases, {"base": solved(round_), "without:RU-KZ": solved(relaxed_round)}
    )
    assert report.prices is not None
    (price,) = report.prices
    # Without the balance RU's P-1 gets the fourth shift it asked for; nothing else moves.
    assert price.countries == {"RU": 1.0}
    assert [
        (c.proposal, c.before, c.after, c.shifts_before, c.shifts_after)
        for c in price.changed_decisions
    ] == [("P-1", "partial", "awarded", 3, 4)]
