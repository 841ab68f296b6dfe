"""What generated proposals look like: sizes, alternatives, shares, scores, precedences."""

from __future__ import annotations

from functools import cache

from models.exchange import Instance
from scheduler.evaluation import exact
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.catalogue import INSTRUMENTS
from scheduler.generator.demand import LARGEST_REQUEST_FRACTION
from scheduler.generator.requests import ONE_BLOCK_LONGEST
from scheduler.summary import summarise_round


@cache
def medium_round() -> Instance:
    return generate_instance(GeneratorConfig(seed=21, proposals=400, instruments=20))


def test_oversubscription_is_close_to_the_target() -> None:
    for target in (1.5, 2.5, 4.0):
        config = GeneratorConfig(seed=2, proposals=400, instruments=20, oversubscription=target)
        achieved = summarise_round(generate_instance(config)).oversubscription
        assert achieved is not None
        assert abs(achieved - target) <= 0.15 * target


def test_request_sizes_respect_the_format_and_a_largest_share_of_the_round() -> None:
    instance = medium_round()
    n_shifts = instance.round.n_shifts
    for proposal in instance.proposals:
        assert 1 <= len(proposal.requests) <= 3
        for request in proposal.requests:
            assert 1 <= request.min_block <= request.min_shifts <= request.shifts
            assert request.shifts <= LARGEST_REQUEST_FRACTION * n_shifts + 1
            assert 0 <= request.release < request.deadline <= n_shifts
            assert request.deadline - request.release >= request.shifts


def test_some_requests_are_partial_windowed_split_or_one_long_block() -> None:
    requests = [r for p in medium_round().proposals for r in p.requests]
    n_shifts = medium_round().round.n_shifts
    assert any(r.min_shifts < r.shifts for r in requests)
    assert any(r.deadline - r.release < n_shifts for r in requests)
    assert any(r.min_block < r.min_shifts for r in requests)
    assert any(r.min_block == r.shifts for r in requests if r.shifts <= ONE_BLOCK_LONGEST)
    assert any(r.unavailable for r in requests)


def test_alternatives_share_the_facility_and_technique_of_the_first_choice() -> None:
    instance = medium_round()
    technique = {entry.id: entry.technique for entry in INSTRUMENTS}
    facility = {instrument.id: instrument.facility for instrument in instance.instruments}
    with_alternatives = 0
    for proposal in instance.proposals:
        for request in proposal.requests:
            first = request.instruments[0]
            with_alternatives += len(request.instruments) > 1
            for other in request.instruments[1:]:
                assert (facility[other], technique[other]) == (facility[first], technique[first])
    assert with_alternatives > 0


def test_scores_are_panel_grades_with_one_decimal() -> None:
    scores = [proposal.score for proposal in medium_round().proposals]
    assert all(1.0 <= score <= 5.0 and round(score, 1) == score for score in scores)
    assert len(set(scores)) > 10


def test_country_shares_have_two_decimals_and_sum_to_exactly_one() -> None:
    for proposal in medium_round().proposals:
        assert 1 <= len(proposal.countries) <= 3
        assert all(round(share, 2) == share for share in proposal.countries.values())
        assert sum(exact(share) for share in proposal.countries.values()) == 1


def test_precedences_point_from_earlier_generated_requests_to_later_ones() -> None:
    instance = medium_round()
    order = {
        request.id: position
        for position, request in enumerate(r for p in instance.proposals for r in p.requests)
    }
    assert instance.precedences
    for precedence in instance.precedences:
        assert order[precedence.before] < order[precedence.after]
        assert 0 <= precedence.min_gap <= instance.round.n_shifts


def test_some_multi_request_proposals_are_not_coupled() -> None:
    proposals = [p for p in medium_round().proposals if len(p.requests) > 1]
    assert any(not p.coupled for p in proposals)
    assert any(p.coupled for p in proposals)


def test_follow_up_proposals_reuse_the_team_and_instruments_they_build_on() -> None:
    instance = medium_round()
    by_request = {r.id: p for p in instance.proposals for r in p.requests}
    follow_ups = [p for p in instance.proposals if p.title.startswith("Follow-up: ")]
    assert follow_ups
    for proposal in follow_ups:
        (precedence,) = [q for q in instance.precedences if q.after == proposal.requests[0].id]
        earlier = by_request[precedence.before]
        assert earlier.countries == proposal.countries
        assert earlier.requests[0].instruments == proposal.requests[0].instruments
