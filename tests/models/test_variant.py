"""Variant documents: edits to a round's policies, refused with the path of each mistake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models.exchange import DocumentError, Instance, parse_instance
from models.exchange.documents import parse_variant
from models.exchange.variant import apply_variant

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small-demo.json"


@pytest.fixture(scope="module")
def demo() -> Instance:
    return parse_instance(EXAMPLE.read_bytes())


def variant_text(*edits: dict[str, Any], **fields: Any) -> str:
    document = {"format": "beamtime-variant/1", "id": "v-1", "edits": list(edits), **fields}
    return json.dumps(document)


def problems(demo: Instance, *edits: dict[str, Any]) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        apply_variant(demo, parse_variant(variant_text(*edits)))
    return [str(problem) for problem in caught.value.problems]


def policy(instance: Instance, policy_id: str) -> Any:
    return next(p for p in instance.policies if p.id == policy_id)


def test_a_drop_removes_the_policy_and_leaves_the_round_unchanged(demo: Instance) -> None:
    edited = apply_variant(demo, parse_variant(variant_text({"policy": "RU-KZ", "drop": True})))
    assert [p.id for p in edited.policies] == ["JINR-members", "RU-BY"]
    assert [p.id for p in demo.policies] == ["JINR-members", "RU-KZ", "RU-BY"]


def test_an_edit_sets_only_the_fields_it_writes(demo: Instance) -> None:
    edited = apply_variant(
        demo,
        parse_variant(
            variant_text(
                {"policy": "RU-KZ", "tolerance": 30, "mode": "soft", "weight": 2.5},
                {"policy": "JINR-members", "min_ratio": 0.9, "max_ratio": None},
            )
        ),
    )
    ru_kz = policy(edited, "RU-KZ")
    assert (ru_kz.tolerance, ru_kz.mode, ru_kz.weight) == (30, "soft", 2.5)
    assert ru_kz.credit == policy(demo, "RU-KZ").credit
    members = policy(edited, "JINR-members")
    assert (members.min_ratio, members.max_ratio) == (0.9, None)
    assert members.non_member_max_fraction == 0.3


def test_credit_and_ratio_and_non_member_fraction_can_change(demo: Instance) -> None:
    edited = apply_variant(
        demo,
        parse_variant(
            variant_text(
                {"policy": "RU-BY", "ratio": 1.5, "credit": {"RU": 0, "BY": 40}},
                {"policy": "JINR-members", "non_member_max_fraction": 0.1, "mode": "hard"},
            )
        ),
    )
    assert policy(edited, "RU-BY").credit == {"RU": 0, "BY": 40}
    assert policy(edited, "RU-BY").ratio == 1.5
    assert policy(edited, "JINR-members").non_member_max_fraction == 0.1


def test_a_field_error_is_refused_with_its_path() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_variant(variant_text({"policy": "RU-KZ", "tolerance": -3}))
    assert [p.path for p in caught.value.problems] == ["edits[0].tolerance"]


def test_an_unknown_field_is_refused_with_its_path() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_variant(variant_text({"policy": "RU-KZ", "tolerence": 3}))
    assert [p.path for p in caught.value.problems] == ["edits[0].tolerence"]
    assert "did you mean 'tolerance'" in str(caught.value)


def test_an_instance_given_as_a_variant_is_named_as_such() -> None:
    with pytest.raises(DocumentError, match="this file is an instance"):
        parse_variant(EXAMPLE.read_bytes())


def test_an_unknown_policy_is_refused_with_a_suggestion(demo: Instance) -> None:
    assert problems(demo, {"policy": "RU-KZZ", "drop": True}) == [
        "edits[0].policy: the round has no policy 'RU-KZZ'; did you mean 'RU-KZ'? "
        "(JINR-members, RU-KZ, RU-BY)"
    ]


def test_a_field_of_the_other_policy_type_is_refused(demo: Instance) -> None:
    (problem,) = problems(demo, {"policy": "JINR-members", "tolerance": 5})
    assert problem.startswith("edits[0].tolerance: 'JINR-members' is a contribution_share")


def test_a_drop_with_other_changes_and_an_empty_edit_are_refused(demo: Instance) -> None:
    found = problems(demo, {"policy": "RU-KZ", "drop": True, "ratio": 2}, {"policy": "RU-BY"})
    assert [text.split(":")[0] for text in found] == ["edits[0]", "edits[1]"]


def test_editing_a_dropped_policy_is_refused(demo: Instance) -> None:
    found = problems(demo, {"policy": "RU-KZ", "drop": True}, {"policy": "RU-KZ", "ratio": 2})
    assert found == ["edits[1].policy: 'RU-KZ' was dropped by an earlier edit"]


def test_a_rule_of_the_format_broken_by_an_edit_points_at_the_edit(demo: Instance) -> None:
    found = problems(demo, {"policy": "RU-KZ", "credit": {"RU": 3, "CN": 4}})
    assert len(found) == 1
    assert found[0].startswith("edits[0].credit")
