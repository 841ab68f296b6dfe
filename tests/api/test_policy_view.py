"""The country report on the stand-in instance is the report on the whole instance."""

from __future__ import annotations

import random

from api.exports.policy_view import policy_view, policy_view_of
from api.exports.reports import country_report
from models.exchange import dump_document, parse_instance
from scheduler.evaluation import Award
from scheduler.generator import GeneratorConfig, generate_instance


def _held(seed: int) -> tuple[str, dict[tuple[str, str], int]]:
    instance = generate_instance(
        GeneratorConfig(seed=seed, proposals=150, instruments=8, shifts=120, policies="hard")
    )
    draw = random.Random(seed)
    held = {
        (request.id, draw.choice(request.instruments)): draw.randint(1, request.shifts)
        for proposal in instance.proposals
        for request in proposal.requests
        if draw.random() < 0.6
    }
    return dump_document(instance), held


def test_the_stand_in_gives_the_whole_instances_report_exactly() -> None:
    for seed in (1, 2, 3):
        document, held = _held(seed)
        whole = parse_instance(document)
        awards = [Award(request, instrument, n) for (request, instrument), n in held.items()]
        view = policy_view(document)
        assert len(view.instance.proposals) < len(whole.proposals)
        assert country_report(view.instance, view.awards(held), "bookings") == country_report(
            whole, awards, "bookings"
        )
        assert country_report(whole, awards, "bookings").contribution  # policies were drawn


def test_requests_the_snapshot_does_not_know_are_left_out() -> None:
    document, held = _held(4)
    view = policy_view(document)
    assert view.awards({("P-NOT-THERE/a", "X"): 5}) == []
    assert sum(a.shifts for a in view.awards(held)) == sum(held.values())


def test_an_allocations_stand_in_is_built_once() -> None:
    document, _ = _held(5)
    built: list[str] = []

    def load() -> str:
        built.append("loaded")
        return document

    first = policy_view_of("allocation-of-this-test", load)
    assert policy_view_of("allocation-of-this-test", load) is first
    assert built == ["loaded"]
