"""Proposers submit, edit and withdraw proposals in the pages, with times that become the
round's shifts; reviewers score the proposals of their rounds; coordinators list every
proposal and read its history. Each page shows what the API shows the same token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.db import Database
from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.work_world import RoundsAtWork, add_rounds_at_work
from tests.api.ui.world import World


@pytest.fixture(scope="module")
def at_work(published: tuple[World, Database]) -> RoundsAtWork:
    """The open and the review round, beside the published one."""
    world, database = published
    return add_rounds_at_work(database, world)


def _api(client: TestClient, token: str, path: str) -> tuple[int, dict[str, object]]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


def _proposals(client: TestClient, token: str, round_code: str) -> dict[str, dict[str, object]]:
    status, body = _api(client, token, f"/rounds/{round_code}/proposals?limit=500")
    assert status == 200, body
    items = body["items"]
    assert isinstance(items, list)
    return {item["id"]: item for item in items}


def _post_form(visitor: Visitor, form_path: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    form = visitor.get(form_path)
    assert form.status_code == 200, form.text[:1000]
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.text))
    action = re.search(r'<form method="post" action="([^"]+)" class="proposal-form"', form.text)
    assert action is not None
    return visitor.post(action.group(1), {**hidden, **fields})


REQUEST = {
    "title": "Radiation hardness of a readout ASIC",
    "countries": "KZ 60, RU 40",
    "coupled": "on",
    "r0-instruments": "NICA-SOCHI, NICA-ISCRA",
    "r0-shifts": "9",
    "r0-min_shifts": "6",
    "r0-min_block": "3",
    # The round starts Mon 6 Sep 2027 08:00 in shifts of 8 h.
    "r0-release": "2027-09-07T10:00",  # shift 3 starts 08:00 Tue; the next, 4, at 16:00
    "r0-deadline": "2027-09-20T00:00",  # 14 days minus 8 h: 41 shifts end by then
    "r0-unavailable": "2027-09-10T12:00 to 2027-09-11T08:00",  # touches shifts 12 to 14
}


def _problems(html: str, field_id: str) -> list[str]:
    block = re.search(
        rf'<ul class="field-problems" id="{field_id}-problems">(.*?)</ul>', html, re.S
    )
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def test_a_proposer_submits_a_proposal_with_times_that_become_shifts(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    before = _proposals(client, token, at_work.open)
    answer = _post_form(visitor, f"/ui/rounds/{at_work.open}/proposals/new", REQUEST)
    assert answer.status_code == 303, answer.text[:2000]
    after = _proposals(client, token, at_work.open)
    (code,) = set(after) - set(before)
    assert (
        answer.headers["location"] == f"/ui/rounds/{at_work.open}/proposals/{code}?done=submitted"
    )
    stored = after[code]
    assert stored["countries"] == {"KZ": 0.6, "RU": 0.4}
    (request,) = stored["requests"]  # type: ignore[misc]
    assert request["instruments"] == ["NICA-SOCHI", "NICA-ISCRA"]
    assert (request["shifts"], request["min_shifts"], request["min_block"]) == (9, 6, 3)
    assert (request["release"], request["deadline"]) == (4, 41)
    assert request["unavailable"] == [[12, 15]]
    page = visitor.get(answer.headers["location"]).text
    assert "The proposal is submitted." in page
    assert "Tue 07 Sep 2027 16:00" in page  # its window in dates, as people read it


def test_problems_are_shown_next_to_their_fields_and_nothing_is_stored(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    before = _proposals(client, token, at_work.open)
    broken = {
        **REQUEST,
        "countries": "KZ 60, RU 30",
        "r0-min_block": "8",  # longer than the 6 shifts at least asked for
        "r0-release": "next tuesday",
        "r1-instruments": "NOWHERE-1",
        "r1-shifts": "2",
    }
    answer = _post_form(visitor, f"/ui/rounds/{at_work.open}/proposals/new", broken)
    assert answer.status_code == 422
    assert _problems(answer.text, "r0-release") == [
        "&#39;next tuesday&#39; is not a date or date and time (2027-09-06 or 2027-09-06T08:00)"
    ]
    assert 'id="r0-release" name="r0-release" type="datetime-local" value="next tuesday"' in (
        answer.text
    )  # what was typed is kept
    assert 'aria-invalid="true" aria-describedby="r0-release-hint r0-release-problems"' in (
        answer.text
    )
    answer = _post_form(
        visitor,
        f"/ui/rounds/{at_work.open}/proposals/new",
        {**broken, "r0-release": "2027-09-07T10:00"},
    )
    assert answer.status_code == 422
    assert _problems(answer.text, "proposal-countries")
    assert _problems(answer.text, "r0-min_block")
    assert "NOWHERE-1" in " ".join(_problems(answer.text, "r1-instruments"))
    assert _proposals(client, token, at_work.open) == before


def test_a_form_filled_from_a_proposal_and_posted_unchanged_changes_nothing(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    answer = _post_form(visitor, f"/ui/rounds/{at_work.open}/proposals/new", REQUEST)
    code = answer.headers["location"].split("/")[-1].split("?")[0]
    before = _proposals(client, token, at_work.open)[code]
    edit = visitor.get(f"/ui/rounds/{at_work.open}/proposals/{code}/edit")
    fields = dict(
        re.findall(r'<input id="[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', edit.text)
    )
    fields.update(
        re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', edit.text)
    )
    assert "checked" in edit.text.split('name="coupled"')[1].split(">")[0]
    assert fields["r0-release"] == "2027-09-07T16:00"
    saved = _post_form(
        visitor, f"/ui/rounds/{at_work.open}/proposals/{code}/edit", {**fields, "coupled": "on"}
    )
    assert saved.status_code == 303, saved.text[:2000]
    after = _proposals(client, token, at_work.open)[code]
    assert after["requests"] == before["requests"]
    assert after["countries"] == before["countries"]
    assert after["version"] != before["version"]


def test_a_proposer_edits_and_withdraws_its_proposal(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    code = next(iter(_proposals(client, token, at_work.open)))
    changed = {
        **REQUEST,
        "title": "A second title",
        "r0-instruments": "IBR2-DN6",
        "r0-unavailable": "",
        "r1-instruments": "INP-DC60",
        "r1-shifts": "3",
    }
    saved = _post_form(visitor, f"/ui/rounds/{at_work.open}/proposals/{code}/edit", changed)
    assert saved.status_code == 303, saved.text[:2000]
    stored = _proposals(client, token, at_work.open)[code]
    assert stored["title"] == "A second title"
    assert [r["instruments"] for r in stored["requests"]] == [["IBR2-DN6"], ["INP-DC60"]]  # type: ignore[attr-defined]
    withdrawn = visitor.submit(f"/ui/rounds/{at_work.open}/proposals/{code}/withdraw")
    assert withdrawn.status_code == 303
    status, _ = _api(client, token, f"/rounds/{at_work.open}/proposals/{code}")
    assert status == 404


def test_a_group_never_sees_another_groups_proposals(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["proposer"]
    visitor.sign_in(token)
    listed = visitor.get(f"/ui/rounds/{at_work.open}/proposals").text
    assert set(re.findall(r'data-proposal="([^"]+)"', listed)) == set(
        _proposals(client, token, at_work.open)
    )
    assert at_work.other_proposal not in listed
    for suffix in ("", "/edit", "/withdraw"):
        page = visitor.get(f"/ui/rounds/{at_work.open}/proposals/{at_work.other_proposal}{suffix}")
        assert page.status_code == 404, suffix
    form = visitor.get(f"/ui/rounds/{at_work.open}/proposals/new")
    answer = visitor.post(
        f"/ui/rounds/{at_work.open}/proposals/{at_work.other_proposal}/withdraw",
        {"csrf_token": csrf_of(form.text), "version": "1"},
    )
    assert answer.status_code == 404
    assert at_work.other_proposal in _proposals(client, at_work.tokens["admin"], at_work.open)


def test_proposals_change_only_while_the_call_is_open(
    visitor: Visitor, at_work: RoundsAtWork
) -> None:
    visitor.sign_in(at_work.tokens["proposer"])
    listed = visitor.get(f"/ui/rounds/{at_work.review}/proposals").text
    assert "Submit a proposal" not in listed
    assert ">Edit<" not in listed
    code = re.findall(r'data-proposal="([^"]+)"', listed)[0]
    form = visitor.get(f"/ui/rounds/{at_work.open}/proposals/new")
    answer = visitor.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/withdraw",
        {"csrf_token": csrf_of(form.text), "version": "1"},
    )
    assert answer.status_code == 409


def test_a_reviewer_lists_what_it_has_to_review_and_scores_it(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["reviewer"]
    visitor.sign_in(token)
    everything = _proposals(client, token, at_work.review)
    to_review = visitor.get(f"/ui/rounds/{at_work.review}/proposals?scored=unscored").text
    assert set(re.findall(r'data-proposal="([^"]+)"', to_review)) == set(everything)
    code = sorted(everything)[0]
    page = visitor.get(f"/ui/rounds/{at_work.review}/proposals/{code}")
    assert "Score from above 0 to 100" in page.text
    refused = visitor.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {"csrf_token": csrf_of(page.text), "score": "120", "comment": ""},
    )
    assert refused.status_code == 422
    assert _problems(refused.text, "review-score")
    scored = visitor.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {"csrf_token": csrf_of(page.text), "score": "4.25", "comment": "Strong case."},
    )
    assert scored.status_code == 303
    status, reviews = _api(client, token, f"/rounds/{at_work.review}/proposals/{code}/reviews")
    assert status == 200
    assert [(r["score"], r["comment"]) for r in reviews["items"]] == [(4.25, "Strong case.")]  # type: ignore[index]
    done = visitor.get(f"/ui/rounds/{at_work.review}/proposals?scored=scored").text
    assert re.findall(r'data-proposal="([^"]+)"', done) == [code]
    again = visitor.get(f"/ui/rounds/{at_work.review}/proposals/{code}")
    changed = visitor.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {
            "csrf_token": csrf_of(again.text),
            "review": re.search(r'name="review" value="(\d+)"', again.text).group(1),  # type: ignore[union-attr]
            "version": re.search(r'name="version" value="(\d+)"', again.text).group(1),  # type: ignore[union-attr]
            "score": "3.5",
            "comment": "On reflection.",
        },
    )
    assert changed.status_code == 303
    _, reviews = _api(client, token, f"/rounds/{at_work.review}/proposals/{code}/reviews")
    assert [r["score"] for r in reviews["items"]] == [3.5]  # type: ignore[index]


def test_a_reviewer_sees_only_its_own_review_and_its_own_rounds(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork, world: World
) -> None:
    first, second = Visitor(client), visitor
    first.sign_in(at_work.tokens["reviewer"])
    code = sorted(_proposals(client, at_work.tokens["reviewer"], at_work.review))[0]
    page = first.get(f"/ui/rounds/{at_work.review}/proposals/{code}")
    first.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {"csrf_token": csrf_of(page.text), "score": "4.5", "comment": "Only mine."},
    )
    second.sign_in(at_work.tokens["second reviewer"])
    theirs = second.get(f"/ui/rounds/{at_work.review}/proposals/{code}").text
    assert "Only mine." not in theirs
    assert "4.5" not in theirs
    listed = second.get(f"/ui/rounds/{at_work.review}/proposals").text
    assert code in listed
    assert "not yet" in listed
    # The published round's reviewer is no reviewer of this round.
    other = Visitor(client)
    other.sign_in(world.tokens["reviewer"])
    assert other.get(f"/ui/rounds/{at_work.review}/proposals").status_code == 404


def test_a_coordinator_lists_every_proposal_of_its_rounds_in_pages(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    token = at_work.tokens["coordinator"]
    visitor.sign_in(token)
    everything = _proposals(client, token, at_work.open)
    listed = visitor.get(f"/ui/rounds/{at_work.open}/proposals").text
    assert set(re.findall(r'data-proposal="([^"]+)"', listed)) == set(everything)
    assert at_work.other_proposal in listed
    unscored = visitor.get(f"/ui/rounds/{at_work.open}/proposals?scored=unscored").text
    expected = {code for code, p in everything.items() if p["score"] is None}
    assert (
        set(re.findall(r'data-proposal="([^"]+)"', unscored))
        == expected
        == {at_work.other_proposal}
    )
    assert visitor.get(f"/ui/rounds/{at_work.open}/proposals?page=2").status_code == 422
    assert visitor.get(f"/ui/rounds/{at_work.open}/proposals?scored=maybe").status_code == 422
    outsider = Visitor(client)
    outsider.sign_in(at_work.tokens["other_coordinator"])
    assert outsider.get(f"/ui/rounds/{at_work.open}/proposals").status_code == 404
    assert (
        outsider.get(f"/ui/rounds/{at_work.open}/proposals/{at_work.other_proposal}").status_code
        == 404
    )


def test_a_coordinator_reads_a_proposals_whole_history(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork
) -> None:
    reviewer = Visitor(client)
    reviewer.sign_in(at_work.tokens["reviewer"])
    code = sorted(_proposals(client, at_work.tokens["reviewer"], at_work.review))[0]
    page = reviewer.get(f"/ui/rounds/{at_work.review}/proposals/{code}")
    reviewer.post(
        f"/ui/rounds/{at_work.review}/proposals/{code}/review",
        {"csrf_token": csrf_of(page.text), "score": "4", "comment": ""},
    )
    assert "History" not in reviewer.get(f"/ui/rounds/{at_work.review}/proposals/{code}").text
    token = at_work.tokens["coordinator"]
    visitor.sign_in(token)
    status, audit = _api(client, token, f"/audit?round={at_work.review}&proposal={code}")
    assert status == 200
    html = visitor.get(f"/ui/rounds/{at_work.review}/proposals/{code}").text
    shown = re.findall(r'<tr data-action="([^"]+)">', html)
    assert shown == [entry["action"] for entry in audit["items"]]  # type: ignore[index]
    assert "review.create" in shown
    assert "4" in html
    assert at_work.tokens["reviewer"] not in html


def test_every_form_of_the_work_pages_refuses_a_post_without_its_csrf_token(
    client: TestClient, visitor: Visitor, at_work: RoundsAtWork, world: World
) -> None:
    visitor.sign_in(at_work.tokens["admin"])
    before = _proposals(client, at_work.tokens["admin"], at_work.open)
    status, bookings = _api(client, at_work.tokens["admin"], f"/rounds/{world.round}/bookings")
    assert status == 200
    booking = bookings["items"][0]["id"]  # type: ignore[index]
    code = at_work.other_proposal
    posts = [
        f"/ui/rounds/{at_work.open}/proposals",
        f"/ui/rounds/{at_work.open}/proposals/{code}/edit",
        f"/ui/rounds/{at_work.open}/proposals/{code}/withdraw",
        f"/ui/rounds/{at_work.open}/proposals/{code}/review",
        f"/ui/rounds/{world.round}/bookings",
        f"/ui/rounds/{world.round}/bookings/{booking}/cancel",
        f"/ui/rounds/{world.round}/closed-periods",
    ]
    for path in posts:
        answer = visitor.post(path, {**REQUEST, "csrf_token": "forged", "version": "1"})
        assert answer.status_code == 403, path
    assert _proposals(client, at_work.tokens["admin"], at_work.open) == before
    _, after = _api(client, at_work.tokens["admin"], f"/rounds/{world.round}/bookings")
    assert after == bookings
