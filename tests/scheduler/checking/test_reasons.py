"""Reasons are true claims, as the spec's "Reasons" table defines them: one true and one false
claim per code, on the scenario where it has one and on a single-station round otherwise."""

from __future__ import annotations

from collections.abc import Sequence

from models.exchange import Assignment, Decision, Instance, Policy, Solution
from scheduler.checking import Breach
from tests.scheduler.checking.expectations import breaches_of
from tests.scheduler.checking.scenario import scenario_instance, scenario_solution, with_decision
from tests.scheduler.factories import (
    Span,
    assignment,
    capacity,
    coupled,
    decision,
    instance,
    instrument,
    objective_reason,
    outranked,
    policy_reason,
    precedence,
    precedence_reason,
    proposal,
    reciprocity_policy,
    request,
    solution,
    unplaceable,
)


def _false_reasons(checked: Instance, candidate: Solution) -> list[Breach]:
    return breaches_of(checked, candidate, "reason")


def _scenario_with(position: int, replacement: Decision) -> list[Breach]:
    return _false_reasons(
        scenario_instance(), with_decision(scenario_solution(), position, replacement)
    )


def _station(
    proposals_: Sequence[tuple[str, float, int, int | None]],
    closed: Sequence[Span] = (),
    *,
    policies: Sequence[Policy] = (),
) -> Instance:
    """One SOCHI station (NICA, capacity 1) over 12 shifts; proposal `P-k` asks `P-k/a` for
    (id, score, shifts, min_block), all or nothing, RU for P-1 and KZ for the others."""
    return instance(
        [
            proposal(
                proposal_id,
                score,
                [request(f"{proposal_id}/a", ["SOCHI"], shifts, min_block=min_block, deadline=12)],
                {"RU": 1.0} if proposal_id == "P-1" else {"KZ": 1.0},
            )
            for proposal_id, score, shifts, min_block in proposals_
        ],
        [instrument("SOCHI", closed=closed)],
        policies=policies,
        n_shifts=12,
    )


def _decided(awards: Sequence[Assignment], *decisions: Decision) -> Solution:
    return solution(awards, decisions)


# --- every reason -------------------------------------------------------------------------


def test_a_reason_names_a_request_of_its_proposal() -> None:
    (breach,) = _scenario_with(
        3, decision("P-4", "rejected", objective_reason("P-4/a"), objective_reason("P-3/a"))
    )

    assert breach.path == "decisions[3].reasons[1]"
    assert "'P-3/a' is not a request of proposal P-4" in breach.message


def test_a_reason_names_a_request_that_got_less_than_it_asked() -> None:
    (breach,) = _scenario_with(0, decision("P-1", "awarded", objective_reason("P-1/a")))

    assert breach.path == "decisions[0].reasons[0]"
    assert "P-1/a got all 6 shifts it asked for" in breach.message


# --- unplaceable ----------------------------------------------------------------------------


def test_unplaceable_true_when_no_run_of_min_block_adds_up_to_min_shifts() -> None:
    # SOCHI closed at 3 and 8-11: open runs 0-2 (3 shifts) and 4-7 (4 shifts); 7 open in
    # all, but in runs of at least 4 only 4, fewer than the 6 asked for.
    checked = _station([("P-1", 5, 6, 4)], closed=[(3, 4), (8, 12)])

    candidate = _decided([], decision("P-1", "rejected", unplaceable("P-1/a")))

    assert _false_reasons(checked, candidate) == []


def test_unplaceable_false_when_runs_of_min_block_add_up_to_min_shifts() -> None:
    # The same calendar with min_block 3: runs 0-2 and 4-7 give 7 shifts, enough for 6.
    checked = _station([("P-1", 5, 6, 3)], closed=[(3, 4), (8, 12)])
    candidate = _decided([], decision("P-1", "rejected", unplaceable("P-1/a")))

    (breach,) = _false_reasons(checked, candidate)

    assert breach.path == "decisions[0].reasons[0]"
    assert "SOCHI has 7 open, available shifts in [0, 12) in runs of at least 3" in (breach.message)


def test_unplaceable_false_when_only_other_awards_stand_in_the_way() -> None:
    # P-2/a holds all of SOCHI; alone, P-1/a would fit: that is a capacity reason.
    checked = _station([("P-1", 5, 6, None), ("P-2", 6, 12, None)])
    candidate = _decided(
        [assignment("P-2/a", "SOCHI", (0, 12))],
        decision("P-1", "rejected", unplaceable("P-1/a")),
        decision("P-2", "awarded"),
    )

    (breach,) = _false_reasons(checked, candidate)

    assert "even with nothing else awarded, SOCHI has 12 open, available shifts" in (breach.message)


def test_unplaceable_for_a_partial_award_reads_min_shifts_as_one_more_than_it_got() -> None:
    # Open runs of at least 4: 4-7 only. P-1/a (8 shifts, min 4, block 4) got 4 there;
    # a fifth shift cannot be placed anywhere.
    checked = instance(
        [proposal("P-1", 5, [request("P-1/a", ["SOCHI"], 8, min_shifts=4, deadline=12)])],
        [instrument("SOCHI", closed=[(3, 4), (8, 12)])],
        n_shifts=12,
    )
    candidate = _decided(
        [assignment("P-1/a", "SOCHI", (4, 4))],
        decision("P-1", "partial", unplaceable("P-1/a")),
    )

    assert _false_reasons(checked, candidate) == []


# --- capacity -------------------------------------------------------------------------------


def test_capacity_true_when_other_awards_leave_too_little_room() -> None:
    # P-1/a holds 2-9; left are 0-1 and 10-11: 4 shifts, none in a run of 3.
    checked = _station([("P-1", 5, 8, None), ("P-2", 4, 3, None)])
    candidate = _decided(
        [assignment("P-1/a", "SOCHI", (2, 8))],
        decision("P-1", "awarded"),
        decision("P-2", "rejected", capacity("P-2/a", "SOCHI")),
    )

    assert _false_reasons(checked, candidate) == []


def test_capacity_false_when_there_is_room_in_runs_of_min_block() -> None:
    # The same 4 free shifts 0-1 and 10-11 do take P-2/a in blocks of 2.
    checked = _station([("P-1", 5, 8, None), ("P-2", 4, 4, 2)])
    candidate = _decided(
        [assignment("P-1/a", "SOCHI", (2, 8))],
        decision("P-1", "awarded"),
        decision("P-2", "rejected", capacity("P-2/a", "SOCHI")),
    )

    (breach,) = _false_reasons(checked, candidate)

    assert breach.path == "decisions[1].reasons[0]"
    assert "SOCHI has room for 4 shifts in [0, 12) in runs of at least 2" in breach.message


def test_capacity_lists_every_alternative() -> None:
    # P-4/a may use DC60 or ISCRA; ISCRA has room anyway, but first the list is incomplete.
    (breach,) = _scenario_with(3, decision("P-4", "rejected", capacity("P-4/a", "DC60")))

    assert breach.path == "decisions[3].reasons[0]"
    assert "it lists DC60, not the request's alternatives DC60, ISCRA" in breach.message


def test_capacity_false_when_any_alternative_has_room() -> None:
    (breach,) = _scenario_with(3, decision("P-4", "rejected", capacity("P-4/a", "DC60", "ISCRA")))

    assert "ISCRA has room for 6 shifts in [2, 8)" in breach.message


def test_capacity_counts_the_requests_own_award_as_room() -> None:
    # P-1/a holds 0-7. P-2/a (6 shifts, min 2, block 2) got 8-11: its own shifts are
    # room, 4 of them, one short of a fifth shift. Had it got only 8-9, the room 8-11
    # would have taken the third shift it was refused.
    checked = instance(
        [
            proposal("P-1", 5, [request("P-1/a", ["SOCHI"], 8, deadline=12)]),
            proposal("P-2", 4, [request("P-2/a", ["SOCHI"], 6, min_shifts=2, deadline=12)]),
        ],
        [instrument("SOCHI")],
        n_shifts=12,
    )
    four = _decided(
        [assignment("P-1/a", "SOCHI", (0, 8)), assignment("P-2/a", "SOCHI", (8, 4))],
        decision("P-1", "awarded"),
        decision("P-2", "partial", capacity("P-2/a", "SOCHI")),
    )
    two = _decided(
        [assignment("P-1/a", "SOCHI", (0, 8)), assignment("P-2/a", "SOCHI", (8, 2))],
        decision("P-1", "awarded"),
        decision("P-2", "partial", capacity("P-2/a", "SOCHI")),
    )

    assert _false_reasons(checked, four) == []
    (breach,) = _false_reasons(checked, two)
    assert "SOCHI has room for 4 shifts" in breach.message
    assert "it needs 3" in breach.message


# --- outranked ------------------------------------------------------------------------------


def test_outranked_true_at_the_lowest_score_awarded_in_the_window() -> None:
    # In P-4/a's window [2, 8): P-2/b (score 4) on DC60, P-3/a (score 3) on ISCRA.
    assert _scenario_with(3, decision("P-4", "rejected", outranked("P-4/a", 3))) == []


def test_outranked_false_when_the_cutoff_is_not_the_lowest_score() -> None:
    (breach,) = _scenario_with(3, decision("P-4", "rejected", outranked("P-4/a", 4)))

    assert "the lowest score awarded on DC60, ISCRA inside [2, 8) is 3 (P-3), not 4" in (
        breach.message
    )


def test_outranked_false_when_the_cutoff_is_below_the_proposals_score() -> None:
    # P-3 (score 3) shares ISCRA with P-5 (score 1).
    (breach,) = _scenario_with(2, decision("P-3", "partial", outranked("P-3/a", 1)))

    assert "the cutoff 1 (P-5) is below the proposal's own score 3" in breach.message


# --- policy ---------------------------------------------------------------------------------


def test_policy_true_when_awarding_anywhere_with_room_raises_a_soft_violation() -> None:
    # The scenario's P-3/a: one more KZ shift at NICA moves RU-KZ's balance from 6 to 7.
    assert _scenario_with(2, decision("P-3", "partial", policy_reason("P-3/a", "RU-KZ"))) == []


def test_policy_true_when_awarding_breaks_a_hard_policy() -> None:
    # The scenario's P-4/a: CN's 4 shifts on ISCRA put non-members at NICA over their 0.2.
    assert (
        _scenario_with(3, decision("P-4", "rejected", policy_reason("P-4/a", "NICA-members"))) == []
    )


def test_policy_false_when_the_soft_violation_would_not_rise() -> None:
    # CN's time touches no RU-KZ figure.
    (breach,) = _scenario_with(3, decision("P-4", "rejected", policy_reason("P-4/a", "RU-KZ")))

    assert "awarding 4 shifts on ISCRA would not raise the violation of RU-KZ" in breach.message


def test_policy_false_when_the_hard_policy_would_still_hold() -> None:
    # With 4 shifts P-3/a, at NICA KZ has 6 and RU 10 of M = 16: inside [4, 12].
    (breach,) = _scenario_with(
        2, decision("P-3", "partial", policy_reason("P-3/a", "NICA-members"))
    )

    assert "would keep hard policy NICA-members within 1e-6" in breach.message


def test_policy_false_when_no_alternative_has_room() -> None:
    tilt = reciprocity_policy("RU-KZ", countries=["RU", "KZ"], mode="soft")
    checked = _station([("P-1", 5, 12, None), ("P-2", 4, 3, None)], policies=[tilt])
    candidate = _decided(
        [assignment("P-1/a", "SOCHI", (0, 12))],
        decision("P-1", "awarded"),
        decision("P-2", "rejected", policy_reason("P-2/a", "RU-KZ")),
    )

    (breach,) = _false_reasons(checked, candidate)

    assert "no alternative has room for 3 shifts" in breach.message


# --- precedence -----------------------------------------------------------------------------


def _chain() -> Instance:
    """P-1/a before P-2/a on SOCHI, 4 shifts each."""
    return instance(
        [
            proposal("P-1", 5, [request("P-1/a", ["SOCHI"], 4, deadline=12)]),
            proposal("P-2", 4, [request("P-2/a", ["SOCHI"], 4, deadline=12)]),
        ],
        [instrument("SOCHI")],
        precedences=[precedence("P-1/a", "P-2/a")],
        n_shifts=12,
    )


def test_precedence_true_when_before_has_no_award() -> None:
    candidate = _decided(
        [],
        decision("P-1", "rejected", objective_reason("P-1/a")),
        decision("P-2", "rejected", precedence_reason("P-2/a", "P-1/a")),
    )

    assert _false_reasons(_chain(), candidate) == []


def test_precedence_false_when_before_is_awarded() -> None:
    candidate = _decided(
        [assignment("P-1/a", "SOCHI", (0, 4))],
        decision("P-1", "awarded"),
        decision("P-2", "rejected", precedence_reason("P-2/a", "P-1/a")),
    )

    (breach,) = _false_reasons(_chain(), candidate)

    assert breach.path == "decisions[1].reasons[0]"
    assert "P-1/a is awarded (4 shifts on SOCHI)" in breach.message


def test_precedence_false_without_such_a_precedence() -> None:
    candidate = _decided(
        [],
        decision("P-1", "rejected", precedence_reason("P-1/a", "P-2/a")),
        decision("P-2", "rejected", objective_reason("P-2/a")),
    )

    (breach,) = _false_reasons(_chain(), candidate)

    assert "the instance has no precedence P-2/a->P-1/a" in breach.message


# --- coupled --------------------------------------------------------------------------------


def _pair(*, is_coupled: bool = True) -> Instance:
    """P-1 asks SOCHI for P-1/a (4 shifts) and P-1/b (2); SOCHI is open only at 10-11."""
    return instance(
        [
            proposal(
                "P-1",
                5,
                [
                    request("P-1/a", ["SOCHI"], 4, deadline=12),
                    request("P-1/b", ["SOCHI"], 2, deadline=12),
                ],
                coupled=is_coupled,
            )
        ],
        [instrument("SOCHI", closed=[(0, 10)])],
        n_shifts=12,
    )


def test_coupled_true_when_the_sibling_has_a_reason_of_its_own() -> None:
    candidate = _decided(
        [], decision("P-1", "rejected", unplaceable("P-1/a"), coupled("P-1/b", "P-1/a"))
    )

    assert _false_reasons(_pair(), candidate) == []


def test_coupled_false_when_the_sibling_has_no_reason() -> None:
    candidate = _decided([], decision("P-1", "rejected", coupled("P-1/b", "P-1/a")))

    (breach,) = _false_reasons(_pair(), candidate)

    assert breach.path == "decisions[0].reasons[0]"
    assert "P-1/a carries no reason of its own in this decision" in breach.message


def test_coupled_false_when_siblings_only_point_at_each_other() -> None:
    candidate = _decided(
        [], decision("P-1", "rejected", coupled("P-1/a", "P-1/b"), coupled("P-1/b", "P-1/a"))
    )

    assert len(_false_reasons(_pair(), candidate)) == 2


def test_coupled_false_when_the_proposal_is_not_coupled() -> None:
    candidate = _decided(
        [], decision("P-1", "rejected", unplaceable("P-1/a"), coupled("P-1/b", "P-1/a"))
    )

    (breach,) = _false_reasons(_pair(is_coupled=False), candidate)

    assert "proposal P-1 is not coupled" in breach.message


def test_coupled_false_when_the_sibling_is_the_request_itself() -> None:
    candidate = _decided(
        [], decision("P-1", "rejected", unplaceable("P-1/a"), coupled("P-1/b", "P-1/b"))
    )

    (breach,) = _false_reasons(_pair(), candidate)

    assert "'P-1/b' is not another request of proposal P-1" in breach.message


# --- objective ------------------------------------------------------------------------------


def test_objective_is_accepted_as_a_claim() -> None:
    assert _scenario_with(3, decision("P-4", "rejected", objective_reason("P-4/a"))) == []


def test_objective_false_when_it_names_a_request_of_another_proposal() -> None:
    (breach,) = _scenario_with(
        3, decision("P-4", "rejected", objective_reason("P-4/a"), objective_reason("P-5/a"))
    )

    assert "'P-5/a' is not a request of proposal P-4" in breach.message
