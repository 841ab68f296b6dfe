"""Placement weighs a target's shifts by how many shifts of others its loss would force out
of a tight hard row (scheduler/search/criticality.py)."""

from __future__ import annotations

from models.exchange import Instance
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from scheduler.search.criticality import criticality
from tests.scheduler.factories import contribution_policy, instance, instrument, proposal, request


def _round(mode: str) -> Instance:
    # KZ pays 10% and must get at least 0.9 * 10% = 9% of the members' time at NICA.
    return instance(
        [
            proposal("RU-1", 5.0, [request("RU-1/a", ["RU-I"], 18)], countries={"RU": 1.0}),
            proposal("KZ-1", 5.0, [request("KZ-1/a", ["RU-I"], 2)], countries={"KZ": 1.0}),
        ],
        [instrument("RU-I", facility="NICA")],
        policies=[
            contribution_policy(
                "JINR",
                facilities=["NICA"],
                shares={"RU": 0.9, "KZ": 0.1},
                min_ratio=0.9,
                mode=mode,
            )
        ],
    )


TARGETS = {"RU-1/a": ("RU-I", 18), "KZ-1/a": ("RU-I", 2)}


def test_a_small_member_at_its_minimum_weighs_as_the_shifts_its_loss_forces_out() -> None:
    # KZ's row 0.09 * M - T(KZ) <= 0 is -0.2 with the targets; losing KZ's 2 shifts raises
    # it by 2 * 0.91 to 1.62; each RU shift lowers it by 0.09, so 18 RU shifts must go:
    # 9 per KZ shift lost, on top of the shift itself.
    prepared = prepare(_round("hard"))
    weights = criticality(prepared, all_policy_rows(prepared.index), TARGETS)
    assert weights["KZ-1/a"] == 10
    assert weights["RU-1/a"] < 2  # RU's own minimum is far less sensitive


def test_soft_policies_weigh_nothing() -> None:
    prepared = prepare(_round("soft"))
    assert criticality(prepared, all_policy_rows(prepared.index), TARGETS) == {}


def test_a_member_with_room_above_its_minimum_weighs_nothing() -> None:
    prepared = prepare(_round("hard"))
    roomy = {"RU-1/a": ("RU-I", 10), "KZ-1/a": ("RU-I", 2)}  # KZ at 1/6, minimum 9%
    weights = criticality(prepared, all_policy_rows(prepared.index), roomy)
    assert "KZ-1/a" in weights  # losing all of KZ's time still breaks its row...
    assert (
        weights["KZ-1/a"]
        < criticality(prepared, all_policy_rows(prepared.index), TARGETS)["KZ-1/a"]
    )  # ...but less of the loss does
