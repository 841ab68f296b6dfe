"""The LP-dual estimate of a policy's price: an estimate, zero where nothing binds."""

from __future__ import annotations

from models.exchange import parse_instance
from scheduler.model.selection import build_selection_model
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from scheduler.whatif.lp_estimate import linear_programme, lp_price_estimates
from tests.scheduler.engine.helpers import DATA
from tests.scheduler.factories import reciprocity_policy
from tests.scheduler.whatif.rounds import exchange_round


def test_every_row_of_every_policy_is_tagged_with_its_policy() -> None:
    round_ = exchange_round(
        reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1),
        reciprocity_policy("RU-CN", countries=["RU", "CN"], tolerance=1, mode="soft"),
    )
    prepared = prepare(round_)
    rows = all_policy_rows(prepared.index)
    selection = build_selection_model(prepared, rows, with_enforcement_literals=True)
    programme = linear_programme(selection.model, {"RU-KZ", "RU-CN"})
    tagged = [row.policy for row in programme.rows if row.policy is not None]
    assert tagged.count("RU-KZ") == len(rows["RU-KZ"]) == 2
    assert tagged.count("RU-CN") == len(rows["RU-CN"]) == 2


def test_a_binding_policy_has_a_positive_estimate_and_a_slack_one_none() -> None:
    round_ = exchange_round(
        reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1),
        reciprocity_policy("RU-CN", countries=["RU", "CN"], tolerance=100),
    )
    estimates = lp_price_estimates(round_)
    assert estimates["RU-CN"] == 0.0
    assert (estimates["RU-KZ"] or 0.0) > 0.0


def test_no_estimate_exceeds_what_dropping_every_policy_gains_in_the_lp() -> None:
    instance = parse_instance((DATA / "spec-example-small.json").read_bytes())
    estimates = lp_price_estimates(instance)
    assert set(estimates) == {policy.id for policy in instance.policies}
    assert all(value is not None and value >= 0 for value in estimates.values())
