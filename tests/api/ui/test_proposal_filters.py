"""The proposals page at scale: filters by group, review status, outcome and a search of
id and title, orders, and pages that keep them; `GET /rounds/{r}/proposals` filters by
group and review status alike. Each visitor is offered, and may use, only the filters
that tell it nothing it may not see."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from api.db import Database
from api.exports import decision_views
from api.ui.views import proposals as proposals_view
from models.orm import CachedDecisionRow
from tests.api.ui.visitors import Visitor
from tests.api.ui.work_world import RoundsAtWork, add_rounds_at_work
from tests.api.ui.world import DEMO_GROUP, OTHER_GROUP, World

OTHER_TITLE = "Dosimetry of a flight detector"  # the other group's proposal in the open round


@pytest.fixture(scope="module")
def at_work(published: tuple[World, Database]) -> RoundsAtWork:
    """The open and the review round, beside the published one."""
    world, database = published
    return add_rounds_at_work(database, world)


def _listed(response_text: str) -> list[str]:
    return re.findall(r'data-proposal="([^"]+)"', response_text)


def _api(client: TestClient, token: str, path: str) -> tuple[int, dict[str, object]]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


def _api_codes(client: TestClient, token: str, path: str) -> list[str]:
    status, body = _api(client, token, path)
    assert status == 200, body
    items = body["items"]
    assert isinstance(items, list)
    return [item["id"] for item in items]


def _coordinator(client: TestClient, at_work: RoundsAtWork) -> Visitor:
    visitor = Visitor(client)
    visitor.sign_in(at_work.tokens["coordinator"])
    return visitor


def test_each_filter_narrows_a_coordinators_list(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    visitor = _coordinator(client, at_work)
    base = f"/ui/rounds/{at_work.open}/proposals"
    everything = set(_listed(visitor.get(base).text))
    assert len(everything) == 16

    by_group = set(_listed(visitor.get(f"{base}?group={OTHER_GROUP}").text))
    assert by_group == {at_work.other_proposal}
    assert set(_listed(visitor.get(f"{base}?group={DEMO_GROUP}").text)) == everything - by_group

    # Only the other group's proposal has neither a review nor an explicit score.
    unreviewed = _listed(visitor.get(f"{base}?status=unreviewed").text)
    assert unreviewed == [at_work.other_proposal]
    panel = set(_listed(visitor.get(f"{base}?status=panel_scored").text))
    assert panel == everything - {at_work.other_proposal}
    assert _listed(visitor.get(f"{base}?status=reviewed").text) == []

    assert _listed(visitor.get(f"{base}?search=DOSIMETRY").text) == [at_work.other_proposal]
    assert _listed(visitor.get(f"{base}?search={at_work.other_proposal.lower()}").text) == [
        at_work.other_proposal
    ]
    # LIKE's wildcards are searched for as typed, not as wildcards.
    assert _listed(visitor.get(f"{base}?search=%25").text) == []
    assert _listed(visitor.get(f"{base}?search=_").text) == []

    combined = visitor.get(f"{base}?group={DEMO_GROUP}&status=unreviewed").text
    assert _listed(combined) == []
    assert "No proposal matches." in combined

    page = visitor.get(base).text
    for control in ("proposals-search", "proposals-group", "proposals-status", "proposals-sort"):
        assert f'id="{control}"' in page
    assert 'id="proposals-outcome"' not in page  # no allocation accepted in the open round


def test_the_orders_a_coordinator_may_choose(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    visitor = _coordinator(client, at_work)
    token = at_work.tokens["coordinator"]
    base = f"/ui/rounds/{at_work.open}/proposals"
    items = _api(client, token, f"/rounds/{at_work.open}/proposals?limit=500")[1]["items"]
    assert isinstance(items, list)
    by_code = {item["id"]: item for item in items}

    by_score = _listed(visitor.get(f"{base}?sort=score").text)
    scores = [by_code[code]["score"] for code in by_score]
    assert scores[-1] is None  # unscored last
    assert scores[:-1] == sorted(scores[:-1], reverse=True)

    by_title = _listed(visitor.get(f"{base}?sort=title").text)
    assert by_title == sorted(by_code, key=lambda code: (by_code[code]["title"].lower(), code))

    by_group = _listed(visitor.get(f"{base}?sort=group").text)
    assert by_group[-1] == at_work.other_proposal  # demo-group < kz-detectors

    by_submission = _listed(visitor.get(f"{base}?sort=submitted").text)
    assert by_submission[-1] == at_work.other_proposal  # submitted after the round's load
    assert _listed(visitor.get(base).text) == sorted(by_code)


def test_the_pager_keeps_the_filters_and_the_order(
    client: TestClient, world: World, at_work: RoundsAtWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proposals_view, "PAGE_SIZE", 4)
    visitor = _coordinator(client, at_work)
    path = f"/ui/rounds/{at_work.open}/proposals?group={DEMO_GROUP}&sort=title"
    seen: list[str] = []
    while path:
        page = visitor.get(path)
        assert page.status_code == 200, page.text[:500]
        seen.extend(_listed(page.text))
        following = re.search(r'<a href="([^"]+)" rel="next">', page.text)
        path = html.unescape(following.group(1)) if following else ""
        if path:
            assert f"group={DEMO_GROUP}" in path
            assert "sort=title" in path
    token = at_work.tokens["coordinator"]
    status, body = _api(client, token, f"/rounds/{at_work.open}/proposals?group={DEMO_GROUP}")
    items = body["items"]
    assert status == 200
    assert isinstance(items, list)
    assert len(items) == 15
    assert seen == [
        item["id"] for item in sorted(items, key=lambda i: (i["title"].lower(), i["id"]))
    ]
    last = visitor.get(f"/ui/rounds/{at_work.open}/proposals?group={DEMO_GROUP}&page=4").text
    assert 'aria-current="page">Page 4 of 4<' in last
    past_the_end = visitor.get(f"/ui/rounds/{at_work.open}/proposals?group={DEMO_GROUP}&page=5")
    assert past_the_end.status_code == 422


def test_a_proposer_filters_only_its_own_groups_proposals(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    visitor = Visitor(client)
    visitor.sign_in(world.tokens["proposer"])
    base = f"/ui/rounds/{at_work.open}/proposals"
    own = visitor.get(base).text
    assert 'id="proposals-group"' not in own
    assert 'id="proposals-status"' not in own
    assert at_work.other_proposal not in own

    foreign = visitor.get(f"{base}?group={OTHER_GROUP}")
    assert foreign.status_code == 422
    assert "group: no proposal of group" in foreign.text
    assert at_work.other_proposal not in foreign.text
    assert visitor.get(f"{base}?search=Dosimetry").status_code == 200
    assert _listed(visitor.get(f"{base}?search=Dosimetry").text) == []
    for revealing in ("status=unreviewed", "sort=score", "sort=group"):
        refused = visitor.get(f"{base}?{revealing}")
        assert refused.status_code == 422, revealing
        assert revealing.split("=")[0] + ": " in refused.text
    token = world.tokens["proposer"]
    assert _api_codes(client, token, f"/rounds/{at_work.open}/proposals?group={OTHER_GROUP}") == []
    assert _api(client, token, f"/rounds/{at_work.open}/proposals?status=unreviewed")[0] == 403


def _kept_decision_rows(database: Database) -> int:
    with database.transaction() as session:
        return (
            session.scalar(select(func.count()).where(CachedDecisionRow.kind == "decisions:full"))
            or 0
        )


def test_the_outcome_filter_once_an_allocation_is_accepted(
    client: TestClient,
    world: World,
    at_work: RoundsAtWork,
    published: tuple[World, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, database = published
    visitor = _coordinator(client, at_work)
    base = f"/ui/rounds/{world.round}/proposals"
    page = visitor.get(base).text
    assert 'id="proposals-outcome"' in page
    everything = set(_listed(page))
    assert _kept_decision_rows(database) == 0
    # The first visit computes the decision rows (and keeps them after the response);
    # the second reads the kept rows in SQL.
    computed = {
        outcome: set(_listed(visitor.get(f"{base}?outcome={outcome}").text))
        for outcome in ("awarded", "partial", "rejected")
    }
    assert _kept_decision_rows(database) == len(everything)

    def refuse(_: object) -> None:
        raise AssertionError("the kept rows should have been read")

    monkeypatch.setattr(decision_views, "parse_solution", refuse)
    kept = {
        outcome: set(_listed(visitor.get(f"{base}?outcome={outcome}").text)) for outcome in computed
    }
    expected = {
        outcome: set(
            re.findall(
                r'data-decision="([^"]+)"',
                visitor.get(f"/ui/rounds/{world.round}/decisions?outcome={outcome}").text,
            )
        )
        for outcome in computed
    }
    assert computed == kept == expected
    assert expected["awarded"]
    assert expected["rejected"]
    assert set().union(*expected.values()) == everything
    awarded_by_group = _listed(
        visitor.get(f"{base}?outcome=awarded&group={OTHER_GROUP}&sort=score").text
    )
    assert set(awarded_by_group) == expected["awarded"] & {world.other_proposal}
    # The filter follows the kept rows (a sub-select), not a copy of them.
    changed = sorted(expected["awarded"])[0]
    with database.transaction() as session:
        session.execute(
            update(CachedDecisionRow)
            .where(CachedDecisionRow.proposal == changed)
            .values(outcome="rejected")
        )
    assert changed in _listed(visitor.get(f"{base}?outcome=rejected").text)

    before = visitor.get(f"/ui/rounds/{at_work.open}/proposals?outcome=awarded")
    assert before.status_code == 422
    assert "outcome: " in before.text
    reviewer = Visitor(client)
    reviewer.sign_in(world.tokens["reviewer"])
    assert reviewer.get(f"{base}?outcome=awarded").status_code == 403


def test_a_filter_the_page_does_not_offer_is_refused_naming_its_field(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    visitor = _coordinator(client, at_work)
    base = f"/ui/rounds/{at_work.open}/proposals"
    for query, field in (
        ("status=maybe", "status"),
        ("sort=size", "sort"),
        ("outcome=lucky", "outcome"),
        ("group=no-such-group", "group"),
        ("scored=maybe", "scored"),
        ("search=" + "x" * 201, "search"),
        ("page=0", "page"),
    ):
        refused = visitor.get(f"{base}?{query}")
        assert refused.status_code == 422, query
        assert field + ": " in refused.text, query
    reviewer = Visitor(client)
    reviewer.sign_in(at_work.tokens["reviewer"])
    review = f"/ui/rounds/{at_work.review}/proposals"
    assert 'id="proposals-group"' in reviewer.get(review).text
    assert reviewer.get(f"{review}?status=reviewed").status_code == 422
    assert reviewer.get(f"{review}?sort=score").status_code == 422


def test_the_api_lists_proposals_by_group_and_review_status(
    client: TestClient, world: World, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["coordinator"]
    path = f"/rounds/{at_work.open}/proposals"
    assert _api_codes(client, token, f"{path}?group={OTHER_GROUP}") == [at_work.other_proposal]
    assert _api_codes(client, token, f"{path}?status=unreviewed") == [at_work.other_proposal]
    assert len(_api_codes(client, token, f"{path}?status=panel_scored&limit=500")) == 15
    assert _api_codes(client, token, f"{path}?group={OTHER_GROUP}&status=panel_scored") == []
    status, problem = _api(client, token, f"{path}?status=maybe")
    assert status == 422
    assert "status" in str(problem)
    reviewer = at_work.tokens["reviewer"]
    assert _api(client, reviewer, f"/rounds/{at_work.review}/proposals?status=reviewed")[0] == 403
