"""Every rule of `beamtime-instance/1`: a bad document is rejected with the path and a sentence."""

from __future__ import annotations

import json

import pytest

from models.exchange import DocumentError, Instance, parse_instance
from tests.models.factories import Document, instance_data, proposal_data, request_data


def problems_of(document: Document | str) -> list[str]:
    """Every problem of a document as `path: message` lines (fails if it is accepted)."""
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(DocumentError) as raised:
        parse_instance(text)
    return [str(problem) for problem in raised.value.problems]


def assert_problem(document: Document | str, path: str, fragment: str) -> None:
    found = problems_of(document)
    matching = [p for p in found if p.startswith(f"{path}: ") and fragment in p]
    assert matching, f"expected {path}: ...{fragment}... among {found}"


def test_a_valid_instance_is_accepted_with_defaults_filled_in() -> None:
    instance = parse_instance(json.dumps(instance_data()))
    request = instance.proposals[0].requests[0]
    assert (request.min_shifts, request.min_block) == (6, 6)
    assert (request.release, request.deadline) == (0, 60)
    assert instance.proposals[0].coupled is True
    assert instance.policies[1].mode == "hard"


def test_not_json_at_all_is_reported_with_line_and_column() -> None:
    assert problems_of('{\n  "format": "beamtime-instance/1",\n  "round": ,\n}') == [
        "not valid JSON: Expecting value at line 3, column 12"
    ]


def test_a_document_that_is_not_an_object_is_rejected() -> None:
    assert problems_of("[1, 2]") == ["the document must be a JSON object, not a list"]


def test_nan_is_not_a_json_number() -> None:
    text = json.dumps(instance_data()).replace('"score": 4.0', '"score": NaN', 1)
    assert "NaN is not a number in JSON" in problems_of(text)[0]


def test_wrong_format_string() -> None:
    assert_problem(
        instance_data(format="beamtime-instance/2"),
        "format",
        "must be 'beamtime-instance/1', not 'beamtime-instance/2'",
    )


def test_a_solution_is_not_an_instance() -> None:
    assert_problem(instance_data(format="beamtime-solution/1"), "format", "this file is a solution")


def test_missing_and_mistyped_fields() -> None:
    document = instance_data()
    del document["round"]["n_shifts"]
    document["proposals"][0]["score"] = "high"
    assert_problem(document, "round.n_shifts", "is required")
    assert_problem(document, "proposals[0].score", 'must be a number, not "high"')


def test_booleans_are_not_numbers() -> None:
    document = instance_data()
    document["instruments"][0]["capacity"] = True
    assert_problem(document, "instruments[0].capacity", "must be a whole number, not true")


def test_unknown_field_suggests_the_right_name() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0]["min_shift"] = 3
    assert_problem(document, "proposals[0].requests[0].min_shift", "did you mean 'min_shifts'?")


def test_unknown_country_reference() -> None:
    document = instance_data()
    document["facilities"][1]["host_country"] = "XX"
    document["proposals"][0]["countries"] = {"XX": 1.0}
    assert_problem(document, "facilities[1].host_country", "unknown country 'XX'")
    assert_problem(document, "proposals[0].countries.XX", "unknown country 'XX'")


def test_unknown_facility_reference() -> None:
    document = instance_data()
    document["instruments"][0]["facility"] = "NOPE"
    document["policies"][0]["facilities"] = ["NICA", "GONE"]
    assert_problem(document, "instruments[0].facility", "unknown facility 'NOPE'")
    assert_problem(document, "policies[0].facilities[1]", "unknown facility 'GONE'")


def test_unknown_instrument_reference() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0]["instruments"] = ["INS-A", "INS-Z"]
    assert_problem(
        document, "proposals[0].requests[0].instruments[1]", "unknown instrument 'INS-Z'"
    )


def test_unknown_request_in_a_precedence() -> None:
    document = instance_data(precedences=[{"before": "P-9/a", "after": "P-1/a"}])
    assert_problem(document, "precedences[0].before", "unknown request 'P-9/a'")


def test_unknown_country_in_a_policy() -> None:
    document = instance_data()
    document["policies"][1]["countries"] = ["RU", "UZ"]
    assert_problem(document, "policies[1].countries[1]", "unknown country 'UZ'")


def test_a_reference_to_an_invalid_object_is_not_called_unknown() -> None:
    document = instance_data()
    document["instruments"][0]["capacity"] = 0
    found = problems_of(document)
    assert found == ["instruments[0].capacity: must be at least 1, not 0"]


@pytest.mark.parametrize(
    ("section", "index", "key", "path"),
    [
        ("countries", 1, "code", "countries[1].code"),
        ("facilities", 1, "id", "facilities[1].id"),
        ("instruments", 1, "id", "instruments[1].id"),
        ("proposals", 1, "id", "proposals[1].id"),
        ("policies", 1, "id", "policies[1].id"),
    ],
)
def test_duplicate_ids(section: str, index: int, key: str, path: str) -> None:
    document = instance_data()
    document[section][index][key] = document[section][0][key]
    assert_problem(document, path, "is defined twice (first at")


def test_request_ids_are_unique_across_proposals() -> None:
    document = instance_data()
    document["proposals"][1]["requests"][0]["id"] = "P-1/a"
    document["precedences"] = []
    assert_problem(
        document,
        "proposals[1].requests[0].id",
        "request 'P-1/a' is defined twice (first at proposals[0].requests[0].id)",
    )


def test_proposal_shares_must_sum_to_one() -> None:
    document = instance_data()
    document["proposals"][1]["countries"] = {"KZ": 0.6, "RU": 0.3}
    assert_problem(document, "proposals[1].countries", "shares sum to 0.9, not 1")


def test_shares_within_the_tolerance_are_accepted() -> None:
    document = instance_data()
    document["proposals"][1]["countries"] = {"KZ": 0.6667, "RU": 0.3334}
    parse_instance(json.dumps(document))


def test_policy_shares_must_sum_to_one() -> None:
    document = instance_data()
    document["policies"][0]["shares"] = {"RU": 0.8, "KZ": 0.3}
    assert_problem(document, "policies[0].shares", "shares sum to 1.1, not 1")


def test_a_proposal_share_must_be_positive() -> None:
    document = instance_data()
    document["proposals"][1]["countries"] = {"KZ": 1.0, "RU": 0}
    assert_problem(document, "proposals[1].countries.RU", "must be greater than 0")


@pytest.mark.parametrize(
    ("path_parts", "value", "path"),
    [
        (("proposals", 0, "score"), 4.12345, "proposals[0].score"),
        (("proposals", 1, "countries", "KZ"), 0.60001, "proposals[1].countries.KZ"),
        (("policies", 0, "min_ratio"), 0.123456, "policies[0].min_ratio"),
        (("policies", 1, "tolerance"), 1e-5, "policies[1].tolerance"),
    ],
)
def test_more_than_four_decimals(
    path_parts: tuple[str | int, ...], value: float, path: str
) -> None:
    document = instance_data()
    target = document
    for part in path_parts[:-1]:
        target = target[part]
    target[path_parts[-1]] = value
    assert_problem(document, path, "more than 4 decimal places")


def test_score_range() -> None:
    document = instance_data()
    document["proposals"][0]["score"] = 0
    document["proposals"][1]["score"] = 100.5
    assert_problem(document, "proposals[0].score", "must be greater than 0")
    assert_problem(document, "proposals[1].score", "must be at most 100")


def test_reversed_and_empty_intervals() -> None:
    document = instance_data()
    document["instruments"][0]["closed"] = [[10, 4], [7, 7]]
    assert_problem(document, "instruments[0].closed[0]", "[10, 4] ends before it starts")
    assert_problem(document, "instruments[0].closed[1]", "[7, 7] is empty")


def test_intervals_outside_the_horizon() -> None:
    document = instance_data()
    document["instruments"][1]["closed"] = [[50, 61]]
    document["proposals"][0]["requests"][0]["unavailable"] = [[-1, 3]]
    assert_problem(document, "instruments[1].closed[0]", "reaches past the end of the round")
    assert_problem(document, "proposals[0].requests[0].unavailable[0][0]", "must be at least 0")


def test_an_interval_is_two_numbers() -> None:
    document = instance_data()
    document["instruments"][1]["closed"] = [[1, 2, 3]]
    assert_problem(document, "instruments[1].closed[0]", "too many items")


def test_min_block_longer_than_min_shifts() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(shifts=6, min_shifts=4, min_block=5)
    assert_problem(document, "proposals[0].requests[0].min_block", "5 is longer than min_shifts 4")


def test_min_shifts_more_than_shifts() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(shifts=6, min_shifts=7)
    assert_problem(document, "proposals[0].requests[0].min_shifts", "7 is more than shifts 6")


def test_min_shifts_and_min_block_are_at_least_one() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(min_shifts=0, min_block=0)
    assert_problem(document, "proposals[0].requests[0].min_shifts", "must be at least 1")
    assert_problem(document, "proposals[0].requests[0].min_block", "must be at least 1")


def test_a_request_for_a_billion_shifts_is_an_error_not_an_out_of_memory() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0]["shifts"] = 10**9
    assert problems_of(document) == [
        "proposals[0].requests[0].shifts: must be at most 100000, not 1000000000"
    ]


def test_a_request_longer_than_the_round() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(shifts=61, min_shifts=10)
    assert_problem(document, "proposals[0].requests[0].shifts", "more than the whole round (60")


def test_a_horizon_beyond_the_limit() -> None:
    document = instance_data()
    document["round"]["n_shifts"] = 100_001
    assert_problem(document, "round.n_shifts", "must be at most 100000")


def test_window_reversed_or_past_the_round() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(release=30, deadline=20)
    document["proposals"][1]["requests"][0].update(deadline=70)
    assert_problem(document, "proposals[0].requests[0].release", "30 is not before the deadline 20")
    assert_problem(document, "proposals[1].requests[0].deadline", "after the end of the round")


def test_window_shorter_than_min_block() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0].update(release=10, deadline=14)
    assert_problem(
        document,
        "proposals[0].requests[0].deadline",
        "the window [10, 14) is 4 shifts, shorter than min_block 6",
    )


def test_an_instrument_listed_twice_in_a_request() -> None:
    document = instance_data()
    document["proposals"][0]["requests"][0]["instruments"] = ["INS-A", "INS-A"]
    assert_problem(document, "proposals[0].requests[0].instruments[1]", "listed twice")


def test_a_proposal_needs_requests_and_countries() -> None:
    document = instance_data()
    document["proposals"][0].update(requests=[], countries={})
    assert_problem(document, "proposals[0].requests", "must not be empty")
    assert_problem(document, "proposals[0].countries", "must not be empty")


def test_precedence_cycle_is_named() -> None:
    document = instance_data()
    document["proposals"].append(proposal_data("P-3"))
    document["precedences"] = [
        {"before": "P-1/a", "after": "P-2/a"},
        {"before": "P-2/a", "after": "P-3/a"},
        {"before": "P-3/a", "after": "P-1/a"},
    ]
    assert_problem(
        document, "precedences[2]", "precedences form a cycle: P-1/a -> P-2/a -> P-3/a -> P-1/a"
    )


def test_a_request_cannot_precede_itself() -> None:
    document = instance_data(precedences=[{"before": "P-1/a", "after": "P-1/a"}])
    assert_problem(document, "precedences[0]", "cannot precede itself")


def test_contribution_ratios_in_order() -> None:
    document = instance_data()
    document["policies"][0].update(min_ratio=1.2, max_ratio=1.1)
    assert_problem(document, "policies[0].max_ratio", "1.1 is below min_ratio 1.2")


def test_non_member_fraction_and_weight_ranges() -> None:
    document = instance_data()
    document["policies"][0].update(non_member_max_fraction=1.5)
    document["policies"][1].update(weight=0)
    assert_problem(document, "policies[0].non_member_max_fraction", "must be at most 1")
    assert_problem(document, "policies[1].weight", "must be greater than 0")


def test_reciprocity_is_between_two_countries_and_credits_only_them() -> None:
    document = instance_data()
    document["policies"][1].update(countries=["RU", "RU"], credit={"KZ": 3})
    assert_problem(document, "policies[1].countries", "names 'RU' twice")
    assert_problem(document, "policies[1].credit.KZ", "not one of the agreement's countries")


def test_unknown_policy_type_and_mode() -> None:
    document = instance_data()
    document["policies"][0]["type"] = "quota"
    document["policies"][1]["mode"] = "strict"
    assert_problem(document, "policies[0]", 'unknown type "quota"')
    assert_problem(document, "policies[1].mode", "must be 'hard' or 'soft'")


def test_every_problem_of_a_document_is_listed_at_once() -> None:
    document = instance_data()
    document["round"]["shift_hours"] = 25
    document["instruments"][0]["facility"] = "NOPE"
    document["proposals"][0]["score"] = -1
    document["proposals"][1]["requests"][0]["min_block"] = 5
    document["precedences"].append({"before": "P-2/a", "after": "P-1/a"})
    found = problems_of(document)
    assert [line.split(":")[0] for line in found] == [
        "round.shift_hours",
        "instruments[0].facility",
        "proposals[0].score",
        "proposals[1].requests[0].min_block",
        "precedences[1]",
    ]


def test_a_ten_thousand_proposal_instance_validates_every_proposal() -> None:
    # Speed is measured in benchmarks/; this checks that a large document is read whole,
    # in order, and that one bad request among 20,000 is found at its own path.
    document = instance_data(precedences=[])
    document["proposals"] = [
        proposal_data(f"P-{i}", requests=[request_data(f"P-{i}/a"), request_data(f"P-{i}/b")])
        for i in range(10_000)
    ]
    instance = parse_instance(json.dumps(document))
    assert [p.id for p in instance.proposals] == [f"P-{i}" for i in range(10_000)]
    assert instance.proposals[9_999].requests[1].id == "P-9999/b"
    document["proposals"][7_321]["requests"][1]["min_block"] = 7  # more than min_shifts 6
    with pytest.raises(DocumentError) as raised:
        parse_instance(json.dumps(document))
    assert {problem.path for problem in raised.value.problems} == {
        "proposals[7321].requests[1].min_block"
    }


def test_an_instance_model_accepts_an_instance() -> None:
    instance = parse_instance(json.dumps(instance_data()))
    assert Instance.model_validate(instance) is instance
