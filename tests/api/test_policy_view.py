"""The country report on the stand-in instance is the report on the whole instance."""

from __future__ import annotations

import random

from api.app import create_app
from api.db import Database
from api.exports.policy_view import PolicyViews, policy_view
from api.exports.reports import country_report
from models.exchange import dump_document, parse_instance
from scheduler.evaluation import Award
from scheduler.generator import GeneratorConfig, generate_instance
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings


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

    views = PolicyViews()
    first = views.of("allocation-of-this-test", load)
    assert views.of("allocation-of-this-test", load) is first
    assert built == ["loaded"]


def test_only_the_allocations_read_last_are_kept() -> None:
    document, _ = _held(6)
    views = PolicyViews(kept=2)
    for allocation in ("first", "second", "first", "third"):
        views.of(allocation, lambda: document)
    assert len(views) == 2
    rebuilt: list[str] = []

    def rebuild(allocation: str) -> str:
        rebuilt.append(allocation)
        return document

    views.of("first", lambda: rebuild("first"))
    views.of("second", lambda: rebuild("second"))
    assert rebuilt == ["second"]  # "second" was the one read longest ago


def test_each_app_keeps_its_own_stand_ins() -> None:
    """Two apps in one process (tests, or two databases) never see each other's stand-ins,
    even for the same allocation id (a restored copy of a database has the same ids)."""
    first_document, _ = _held(7)
    second_document, _ = _held(8)
    apps = [
        create_app(app_settings(), database=Database.from_url("sqlite://"), jobs=RecordingBackend())
        for _ in range(2)
    ]
    first, second = (app.state.policy_views for app in apps)
    assert isinstance(first, PolicyViews)
    assert isinstance(second, PolicyViews)
    from_first = first.of("the-same-allocation", lambda: first_document)
    from_second = second.of("the-same-allocation", lambda: second_document)
    assert from_first.instance != from_second.instance
    assert from_second == policy_view(second_document)
    for app in apps:
        app.state.database.dispose()
