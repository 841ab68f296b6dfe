"""The additions of the format (`history`, `replan`): every problem reported, with its path."""

from __future__ import annotations

import json
from typing import Any

from models.exchange import parse_instance
from tests.models.factories import Document, instance_data
from tests.models.test_instance_validation import assert_problem, problems_of


def with_replan(**replan: Any) -> Document:
    """The factory round with a `replan` section (now 30 unless given)."""
    return instance_data(replan={"now": 30, **replan})


def with_history(history: dict[str, float]) -> Document:
    document = instance_data()
    document["policies"][0]["history"] = history
    return document


def test_a_valid_replan_and_history_are_accepted() -> None:
    document = with_replan(
        delivered=[{"request": "P-1/a", "instrument": "INS-A", "shifts": 2}],
        baseline=[{"request": "P-1/a", "instrument": "INS-A", "blocks": [[30, 4]]}],
        change_weight=2.5,
    )
    document["policies"][0]["history"] = {"RU": 118.5, "KZ": 26}
    instance = parse_instance(json.dumps(document))
    assert instance.replan is not None
    assert instance.replan.change_weight == 2.5
    assert instance.replan.delivered_to("P-1/a") is not None


def test_change_weight_defaults_to_one() -> None:
    instance = parse_instance(json.dumps(with_replan()))
    assert instance.replan is not None
    assert instance.replan.change_weight == 1.0


def test_history_for_an_unknown_country() -> None:
    assert_problem(with_history({"CN": 40}), "policies[0].history.CN", "unknown country 'CN'")


def test_history_is_not_negative_and_has_four_decimals() -> None:
    problems = problems_of(with_history({"RU": -1, "KZ": 0.12345}))
    assert any(p.startswith("policies[0].history.RU: must be at least 0") for p in problems)
    assert any(p.startswith("policies[0].history.KZ: ") and "4 decimal" in p for p in problems)


def test_now_outside_the_horizon() -> None:
    assert_problem(with_replan(now=61), "replan.now", "after the end of the round")
    assert_problem(with_replan(now=-1), "replan.now", "must be at least 0")


def test_delivered_instrument_that_is_not_an_alternative() -> None:
    document = with_replan(delivered=[{"request": "P-1/a", "instrument": "INS-B", "shifts": 2}])
    assert_problem(
        document, "replan.delivered[0].instrument", "'INS-B' is not one of the alternatives"
    )


def test_delivered_to_an_unknown_request_and_more_than_asked() -> None:
    document = with_replan(
        delivered=[
            {"request": "P-9/a", "instrument": "INS-A", "shifts": 2},
            {"request": "P-1/a", "instrument": "INS-A", "shifts": 7},
        ]
    )
    assert_problem(document, "replan.delivered[0].request", "unknown request 'P-9/a'")
    assert_problem(document, "replan.delivered[1].shifts", "more than the 6 shifts")


def test_a_request_delivered_twice() -> None:
    item = {"request": "P-1/a", "instrument": "INS-A", "shifts": 1}
    assert_problem(
        with_replan(delivered=[item, item]), "replan.delivered[1].request", "listed twice"
    )


def test_a_baseline_block_before_now() -> None:
    document = with_replan(
        baseline=[{"request": "P-1/a", "instrument": "INS-A", "blocks": [[28, 4]]}]
    )
    assert_problem(document, "replan.baseline[0].blocks[0]", "starts before now (30)")


def test_baseline_blocks_that_overlap_or_leave_the_round() -> None:
    document = with_replan(
        baseline=[
            {"request": "P-1/a", "instrument": "INS-A", "blocks": [[40, 4], [42, 3], [58, 4]]}
        ]
    )
    assert_problem(document, "replan.baseline[0].blocks[1]", "overlaps block 0")
    assert_problem(document, "replan.baseline[0].blocks[2]", "after the end of the round")


def test_a_started_request_on_two_instruments() -> None:
    document = with_replan(
        delivered=[{"request": "P-2/a", "instrument": "INS-B", "shifts": 3}],
        baseline=[{"request": "P-2/a", "instrument": "INS-A", "blocks": [[40, 3]]}],
    )
    problems = problems_of(document)
    assert any(
        p.startswith("replan.baseline[0].instrument: ") and "started on 'INS-B'" in p
        for p in problems
    ), problems


def test_change_weight_must_be_positive() -> None:
    assert_problem(with_replan(change_weight=0), "replan.change_weight", "greater than 0")


def test_every_problem_of_the_additions_is_reported_at_once() -> None:
    document = with_replan(
        now=61,
        delivered=[{"request": "P-1/a", "instrument": "INS-B", "shifts": 0}],
        baseline=[{"request": "P-7/a", "instrument": "INS-A", "blocks": [[40, 4]]}],
    )
    document["policies"][0]["history"] = {"XX": 1}
    paths = {p.split(": ")[0] for p in problems_of(document)}
    assert {
        "policies[0].history.XX",
        "replan.now",
        "replan.delivered[0].shifts",
        "replan.baseline[0].request",
    } <= paths


def test_an_unknown_field_of_replan_is_rejected() -> None:
    assert_problem(with_replan(changeweight=2), "replan.changeweight", "did you mean")
