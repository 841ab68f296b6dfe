"""A round's coordinator submits a proposal for a group from the pages: the form asks
for the group (a required choice of the groups that exist), and refuses, on that field,
a form without one or with a group that does not exist. Proposers choose nothing: they
submit for their own group."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.db import Database
from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.work_world import RoundsAtWork, add_rounds_at_work
from tests.api.ui.world import DEMO_GROUP, OTHER_GROUP, World

PROPOSAL = {
    "title": "Neutron imaging of a turbine blade",
    "countries": "KZ 100",
    "coupled": "on",
    "r0-instruments": "INP-DC60",
    "r0-shifts": "3",
}


@pytest.fixture(scope="module")
def at_work(published: tuple[World, Database]) -> RoundsAtWork:
    """The open and the review round, beside the published one."""
    world, database = published
    return add_rounds_at_work(database, world)


def _api(client: TestClient, token: str, path: str) -> dict[str, object]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _codes(client: TestClient, token: str, path: str) -> set[str]:
    items = _api(client, token, path)["items"]
    assert isinstance(items, list)
    return {item["id"] for item in items}


def _submit(visitor: Visitor, round_code: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    form = visitor.get(f"/ui/rounds/{round_code}/proposals/new")
    assert form.status_code == 200, form.text[:1000]
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.text))
    return visitor.post(f"/ui/rounds/{round_code}/proposals", {**hidden, **fields})


def _group_problems(html: str) -> list[str]:
    block = re.search(
        r'<ul class="field-problems" id="proposal-group-problems">(.*?)</ul>', html, re.S
    )
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def test_a_coordinator_submits_a_proposal_for_the_group_it_chooses(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["coordinator"]
    visitor.sign_in(token)
    listed = visitor.get(f"/ui/rounds/{at_work.review}/proposals").text
    assert f'href="/ui/rounds/{at_work.review}/proposals/new"' in listed
    form = visitor.get(f"/ui/rounds/{at_work.review}/proposals/new").text
    assert re.search(r'<select id="proposal-group" name="group" required', form)
    offered = re.findall(
        r'<option value="([^"]*)"', form.split('id="proposal-group"')[1].split("</select>")[0]
    )
    assert offered[0] == ""  # nothing chosen until the coordinator chooses
    assert {DEMO_GROUP, OTHER_GROUP} <= set(offered)

    before = _codes(client, token, f"/rounds/{at_work.review}/proposals?group={OTHER_GROUP}")
    answer = _submit(visitor, at_work.review, {**PROPOSAL, "group": OTHER_GROUP})
    assert answer.status_code == 303, answer.text[:2000]
    after = _codes(client, token, f"/rounds/{at_work.review}/proposals?group={OTHER_GROUP}")
    (code,) = after - before
    audit = _api(client, token, f"/audit?round={at_work.review}&proposal={code}")["items"]
    assert isinstance(audit, list)
    (created,) = [entry for entry in audit if entry["action"] == "proposal.create"]
    assert created["detail"] == {"group": OTHER_GROUP}
    assert created["actor_role"] == "coordinator"

    # Without a score or review it is the one proposal of the round still unreviewed;
    # a reviewer's score makes it "reviewed" (the others carry panel scores).
    unreviewed = f"/ui/rounds/{at_work.review}/proposals?status=unreviewed"
    assert re.findall(r'data-proposal="([^"]+)"', visitor.get(unreviewed).text) == [code]
    reviewer = Visitor(client)
    reviewer.sign_in(at_work.tokens["reviewer"])
    page = reviewer.get(f"/ui/rounds/{at_work.review}/proposals/{code}")
    scored = reviewer.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {"csrf_token": csrf_of(page.text), "score": "3.5", "comment": ""},
    )
    assert scored.status_code == 303
    visitor.sign_in(token)  # the client keeps one session: the reviewer's, until now
    reviewed = f"/ui/rounds/{at_work.review}/proposals?status=reviewed"
    assert re.findall(r'data-proposal="([^"]+)"', visitor.get(reviewed).text) == [code]
    assert _codes(client, token, f"/rounds/{at_work.review}/proposals?status=reviewed") == {code}


def test_a_coordinators_form_without_a_group_or_with_an_unknown_one_is_refused_on_the_field(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["coordinator"]
    visitor.sign_in(token)
    before = _codes(client, token, f"/rounds/{at_work.open}/proposals?limit=500")
    unchosen = _submit(visitor, at_work.open, {**PROPOSAL, "group": ""})
    assert unchosen.status_code == 422
    assert _group_problems(unchosen.text) == ["choose the group the proposal is for"]
    assert 'aria-describedby="proposal-group-hint proposal-group-problems"' in unchosen.text
    assert PROPOSAL["title"] in unchosen.text  # what was typed is kept

    unknown = _submit(visitor, at_work.open, {**PROPOSAL, "group": "no-such-group"})
    assert unknown.status_code == 422
    assert _group_problems(unknown.text) == ["no group no-such-group"]
    assert "selected>choose a group" not in unknown.text or "no-such-group" not in unknown.text
    assert _codes(client, token, f"/rounds/{at_work.open}/proposals?limit=500") == before


def test_a_proposer_chooses_no_group_and_submits_for_its_own(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    form = visitor.get(f"/ui/rounds/{at_work.open}/proposals/new").text
    assert 'id="proposal-group"' not in form
    before = _codes(client, token, f"/rounds/{at_work.open}/proposals?limit=500")
    answer = _submit(visitor, at_work.open, {**PROPOSAL, "group": OTHER_GROUP})
    assert answer.status_code == 303, answer.text[:2000]
    (code,) = _codes(client, token, f"/rounds/{at_work.open}/proposals?limit=500") - before
    proposal = _api(client, token, f"/rounds/{at_work.open}/proposals/{code}")
    assert proposal["group"] == DEMO_GROUP
