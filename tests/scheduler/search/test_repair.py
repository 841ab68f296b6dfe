"""The repair (scheduler/search/repair.py): keep-or-drop, then rebalancing where a hard
policy broke."""

from __future__ import annotations

from scheduler.allocation import Allocation, Placement
from scheduler.params import SolveParams
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from scheduler.search.incumbent import Incumbent
from scheduler.search.repair import make_valid
from tests.scheduler.factories import contribution_policy, instance, instrument, proposal, request


def test_the_kept_awards_are_offered_before_the_rebalancing_model_runs() -> None:
    # RU-1/a alone breaks KZ's hard minimum at NICA: keep-or-drop drops it and keeps
    # OT-1/a (at INP, which the policy does not cover), valid at once; KZ-2/a could
    # restore the balance, so the rebalancing model runs after. The kept awards are the
    # incumbent's before that model has given anything (make_valid's own result is not
    # offered here).
    round_ = instance(
        [
            proposal("RU-1", 5.0, [request("RU-1/a", ["RU-I"], 18)], countries={"RU": 1.0}),
            proposal("KZ-2", 1.0, [request("KZ-2/a", ["RU-I"], 2)], countries={"KZ": 1.0}),
            proposal("OT-1", 2.0, [request("OT-1/a", ["OT-I"], 4)], countries={"RU": 1.0}),
        ],
        [instrument("RU-I", facility="NICA"), instrument("OT-I", facility="INP")],
        policies=[
            contribution_policy(
                "JINR",
                facilities=["NICA"],
                shares={"RU": 0.9, "KZ": 0.1},
                min_ratio=0.9,
                mode="hard",
            )
        ],
    )
    prepared = prepare(round_)
    incumbent = Incumbent(prepared, SolveParams(workers=1, deterministic=True), None, None)
    broken = Allocation(
        {"RU-1/a": Placement("RU-I", ((0, 18),)), "OT-1/a": Placement("OT-I", ((0, 4),))}
    )

    make_valid(incumbent, all_policy_rows(prepared.index), broken, 1.0)

    assert set(incumbent.allocation.placements) == {"OT-1/a"}
    assert incumbent.objective == 8
