"""A what-if study: base, variants and prices in one report; conflicts instead of prices."""

from __future__ import annotations

import pytest

from models.exchange import DocumentError
from models.exchange.variant import PolicyEdit, Variant
from scheduler.params import SolveParams
from scheduler.whatif.study import run_study
from tests.scheduler.engine.brute_force import best_objective
from tests.scheduler.factories import reciprocity_policy
from tests.scheduler.whatif.rounds import exchange_round

PARAMS = SolveParams(time_limit=5.0)


def variant(variant_id: str, *edits: PolicyEdit) -> Variant:
    return Variant(format="beamtime-variant/1", id=variant_id, edits=edits)


def test_each_variant_is_solved_and_compared_with_the_base() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    wider = variant("wider", PolicyEdit(policy="RU-KZ", tolerance=3))
    report = run_study(round_, [wider], PARAMS)
    (result,) = report.variants
    assert result.id == "wider"
    assert result.edits == [{"policy": "RU-KZ", "tolerance": 3.0}]
    assert result.status == "optimal"
    assert result.objective is not None
    assert report.base.objective is not None
    edited = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=3))
    assert abs(result.objective - float(best_objective(edited))) <= 1e-6
    assert result.objective > report.base.objective
    assert result.country_changes["RU"] > 0
    assert {c.proposal for c in result.changed_decisions} >= {"P-1"}
    # The base allocation also holds the wider tolerance, at the base's objective.
    assert result.base_allocation_objective == report.base.objective
    assert report.prices is None


def test_a_variant_that_makes_the_round_infeasible_reports_the_conflicting_rules() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    owed = variant("owed", PolicyEdit(policy="RU-KZ", tolerance=0, credit={"RU": 30, "KZ": 0}))
    (result,) = run_study(round_, [owed], PARAMS).variants
    assert result.status == "infeasible"
    assert result.conflict == ["RU-KZ"]
    assert result.objective is None
    assert result.changed_decisions == []


def test_with_prices_every_policy_gets_an_entry_with_who_gains_without_it() -> None:
    round_ = exchange_round(
        reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1),
        reciprocity_policy("RU-CN", countries=["RU", "CN"], tolerance=50, mode="soft"),
    )
    report = run_study(round_, [], PARAMS, price=True)
    assert report.prices is not None
    prices = {p.policy: p for p in report.prices}
    assert set(prices) == {"RU-KZ", "RU-CN"}
    assert prices["RU-KZ"].status == "exact"
    assert prices["RU-KZ"].low is not None
    assert prices["RU-KZ"].low > 0
    assert prices["RU-KZ"].countries["RU"] > 0
    assert prices["RU-KZ"].estimate is not None
    assert (prices["RU-CN"].low, prices["RU-CN"].high) == (0.0, 0.0)
    assert prices["RU-CN"].changed_decisions == []


def test_solving_side_by_side_gives_the_same_report_as_one_after_the_other() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    variants = [variant("wider", PolicyEdit(policy="RU-KZ", tolerance=3))]
    alone = run_study(round_, variants, PARAMS, price=True, processes=1)
    parallel = run_study(round_, variants, PARAMS, price=True, processes=2)
    assert [v.objective for v in parallel.variants] == [v.objective for v in alone.variants]
    assert [(p.low, p.high) for p in parallel.prices or []] == [
        (p.low, p.high) for p in alone.prices or []
    ]


def test_two_variants_with_one_id_are_refused() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    twice = [variant("same", PolicyEdit(policy="RU-KZ", tolerance=3))] * 2
    with pytest.raises(ValueError, match="two variants have the id 'same'"):
        run_study(round_, twice, PARAMS)


def test_a_variant_naming_an_unknown_policy_is_refused_before_any_solve() -> None:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    with pytest.raises(DocumentError, match=r"edits\[0\]\.policy"):
        run_study(round_, [variant("bad", PolicyEdit(policy="RU-CN", drop=True))], PARAMS)
