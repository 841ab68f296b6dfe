"""Decisions: one per proposal, outcomes that match the awards, a reason for every shortfall."""

from __future__ import annotations

from tests.scheduler.checking.expectations import the_breach, the_only_breach
from tests.scheduler.checking.scenario import (
    scenario_assignments,
    scenario_decisions,
    scenario_instance,
    scenario_solution,
    with_assignments,
    with_decision,
    with_decisions,
)
from tests.scheduler.factories import assignment, decision


def test_awarded_means_every_request_got_its_shifts() -> None:
    corrupted = with_decision(scenario_solution(), 0, decision("P-1", "partial"))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "decision"
    assert breach.path == "decisions[0].outcome"
    assert "P-1 is 'partial', but its awards make it 'awarded' (P-1/a: 6 of 6" in breach.message


def test_partial_means_some_award_but_some_request_got_less() -> None:
    # P-1/a gets 4 of its 6 shifts (its min_shifts) while the decision still says awarded.
    awards = scenario_assignments()
    awards[0] = assignment("P-1/a", "SOCHI", (2, 4))
    corrupted = with_assignments(scenario_solution(), awards)

    breach = the_breach(scenario_instance(), corrupted, "decision")

    assert breach.path == "decisions[0].outcome"
    assert "its awards make it 'partial' (P-1/a: 4 of 6 shifts)" in breach.message


def test_rejected_means_no_request_was_awarded() -> None:
    corrupted = with_decision(scenario_solution(), 3, decision("P-4", "partial"))

    breach = the_breach(scenario_instance(), corrupted, "decision")

    assert breach.path == "decisions[3].outcome"
    assert "its awards make it 'rejected'" in breach.message


def test_every_proposal_has_a_decision() -> None:
    corrupted = with_decisions(scenario_solution(), scenario_decisions()[:4])

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "decision"
    assert breach.path == "decisions"
    assert "proposal P-5 has no decision" in breach.message


def test_every_proposal_has_one_decision() -> None:
    corrupted = with_decisions(
        scenario_solution(), [*scenario_decisions(), decision("P-5", "awarded")]
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "decision"
    assert breach.path == "decisions[5]"
    assert "P-5 has a second decision (first at decisions[4])" in breach.message


def test_decisions_are_about_proposals_of_the_instance() -> None:
    corrupted = with_decisions(
        scenario_solution(), [*scenario_decisions(), decision("P-9", "rejected")]
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "decision"
    assert breach.path == "decisions[5].proposal"
    assert "'P-9' is not in the instance" in breach.message


def test_a_request_that_got_less_than_it_asked_has_a_reason() -> None:
    corrupted = with_decision(scenario_solution(), 2, decision("P-3", "partial"))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "missing-reason"
    assert breach.path == "decisions[2].reasons"
    assert "P-3/a got 3 of the 6 shifts it asked for, but no reason names it" in breach.message
