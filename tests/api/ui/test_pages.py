"""Each page shows what the visitor's token may read through the API, no more, and its
actions go through the same services."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from tests.api.backends import RecordingBackend
from tests.api.ui.visitors import Visitor
from tests.api.ui.world import DEMO_GROUP, OTHER_GROUP, World


def _api(client: TestClient, token: str, path: str) -> dict[str, object]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _items(client: TestClient, token: str, path: str) -> list[dict[str, object]]:
    items = _api(client, token, f"{path}?limit=500")["items"]
    assert isinstance(items, list)
    return items


def _proposal_codes(html: str) -> set[str]:
    return set(re.findall(r"\bP-[0-9A-Z]+\b", html))


def test_the_rounds_list_shows_the_rounds_the_token_sees(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["other_coordinator"])
    page = visitor.get("/ui/rounds")
    assert page.status_code == 200
    assert _items(client, world.tokens["other_coordinator"], "/rounds") == []
    assert world.round not in page.text
    assert visitor.get(f"/ui/rounds/{world.round}").status_code == 404


def test_a_proposer_sees_only_its_groups_proposals(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["other_proposer"]
    visitor.sign_in(token)
    through_api = {p["id"] for p in _items(client, token, f"/rounds/{world.round}/proposals")}
    assert through_api == {world.other_proposal}
    for page in ("group", "decisions", "schedule", ""):
        html = visitor.get(f"/ui/rounds/{world.round}/{page}".rstrip("/")).text
        assert _proposal_codes(html) <= through_api, page
        assert DEMO_GROUP not in html, page
    assert world.other_proposal in visitor.get(f"/ui/rounds/{world.round}/group").text


def test_a_proposer_may_not_read_the_country_balances_or_the_solves(
    visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["proposer"])
    assert visitor.get(f"/ui/rounds/{world.round}/balances").status_code == 403
    assert visitor.get(f"/ui/rounds/{world.round}/solves").status_code == 403
    overview = visitor.get(f"/ui/rounds/{world.round}").text
    assert "Country balances" not in overview
    assert "My group" in overview


def test_a_reviewer_sees_the_round_but_no_schedule(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["reviewer"])
    assert visitor.get(f"/ui/rounds/{world.round}").status_code == 200
    schedule = visitor.get(f"/ui/rounds/{world.round}/schedule")
    assert schedule.status_code == 403
    assert "reviewers do not export schedules" in schedule.text
    assert schedule.headers["content-type"].startswith("text/html")


def test_the_gantt_has_one_block_per_awarded_block(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    allocation = _api(client, world.tokens["coordinator"], f"/rounds/{world.round}/allocation")
    awards = allocation["awards"]
    assert isinstance(awards, list)
    expected = sorted(award["proposal"] for award in awards for _ in award["blocks"])
    html = visitor.get(f"/ui/rounds/{world.round}/schedule").text
    assert sorted(re.findall(r'data-proposal="([^"]+)"', html)) == expected


def test_a_week_of_the_gantt_shows_the_blocks_that_touch_it(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    whole = visitor.get(f"/ui/rounds/{world.round}/schedule").text
    weeks = [visitor.get(f"/ui/rounds/{world.round}/schedule?week={n}").text for n in (1, 2, 3)]
    count = len(re.findall(r"data-block=", whole))
    in_weeks = [len(re.findall(r"data-block=", week)) for week in weeks]
    assert all(0 < n <= count for n in in_weeks)
    assert sum(in_weeks) >= count  # blocks crossing a week boundary appear in both weeks
    assert "Tue 14 Sep" in weeks[1]  # week 2 starts Mon 13 Sep 08:00; its first midnight


def test_the_gantt_filters_by_instrument_and_facility(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    whole = visitor.get(f"/ui/rounds/{world.round}/schedule").text
    instruments = sorted(set(re.findall(r'data-instrument="([^"]+)"', whole)))
    assert len(instruments) > 1
    one = visitor.get(f"/ui/rounds/{world.round}/schedule?instrument={instruments[0]}").text
    assert set(re.findall(r'data-instrument="([^"]+)"', one)) == {instruments[0]}
    unknown = visitor.get(f"/ui/rounds/{world.round}/schedule?facility=NOWHERE").text
    assert re.findall(r'data-instrument="([^"]+)"', unknown) == []


def test_the_gantt_links_a_few_weeks_and_jumps_to_any(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    html = visitor.get(f"/ui/rounds/{world.round}/schedule?week=2").text
    weeks = [int(n) for n in re.findall(r">Week (\d+)</a>", html)]
    assert weeks == sorted(set(weeks))
    assert len(weeks) <= 2 * 3 + 3
    assert {1, 2} <= set(weeks)
    assert 'name="week" type="number"' in html


def test_the_balances_show_the_reports_return_coefficients(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    report = _api(client, world.tokens["coordinator"], f"/rounds/{world.round}/reports/countries")
    html = visitor.get(f"/ui/rounds/{world.round}/balances").text
    shown = dict(
        re.findall(r'<tr data-country="(\w+)">.*?data-return-coefficient="([^"]*)"', html, re.S)
    )
    contribution = report["contribution"]
    assert isinstance(contribution, list)
    expected = {m["country"]: m["return_coefficient"] for m in contribution[0]["members"]}
    assert {country: float(value) for country, value in shown.items()} == expected
    for agreement in report["reciprocity"]:  # type: ignore[union-attr]
        assert f'data-balance="{agreement["balance"]}"' in html


def test_the_decisions_filter_and_download_as_csv(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    solution = client.get(
        f"/rounds/{world.round}/solution.json",
        headers={"Authorization": f"Bearer {world.tokens['coordinator']}"},
    ).json()
    partial = {d["proposal"] for d in solution["decisions"] if d["outcome"] == "partial"}
    html = visitor.get(f"/ui/rounds/{world.round}/decisions?outcome=partial").text
    assert set(re.findall(r'data-decision="([^"]+)"', html)) == partial
    download = visitor.get(f"/ui/rounds/{world.round}/decisions.csv?outcome=partial")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {row["proposal"] for row in rows} == partial
    assert all(row["outcome"] == "partial" and row["reasons"] for row in rows)
    assert download.headers["content-type"].startswith("text/csv")
    by_country = visitor.get(f"/ui/rounds/{world.round}/decisions?country=KZ").text
    assert world.other_proposal in by_country
    assert "P-103" not in by_country  # Belarus only


def test_the_decisions_come_in_pages_in_the_chosen_order(
    client: TestClient, visitor: Visitor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.ui.views import decisions

    monkeypatch.setattr(decisions, "PAGE_SIZE", 3)
    visitor.sign_in(world.tokens["coordinator"])
    base = f"/ui/rounds/{world.round}/decisions?sort=awarded"
    first = visitor.get(base).text
    pages = int(re.findall(r"Page 1 of (\d+)", first)[0])
    assert pages > 1
    seen: list[str] = []
    awarded: list[int] = []
    for number in range(1, pages + 1):
        html = visitor.get(f"{base}&page={number}").text
        codes = re.findall(r'data-decision="([^"]+)"', html)
        assert 1 <= len(codes) <= 3
        seen += codes
        awarded += [int(a) for a in re.findall(r'<td class="number">(\d+) / \d+</td>', html)]
    assert awarded == sorted(awarded, reverse=True)
    download = visitor.get(f"/ui/rounds/{world.round}/decisions.csv?sort=awarded")
    every_row = [row["proposal"] for row in csv.DictReader(io.StringIO(download.text))]
    assert seen == every_row
    assert len(set(seen)) == len(seen)


def test_a_proposer_declines_a_booking_and_its_shifts_are_freed(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    token = world.tokens["other_proposer"]
    visitor.sign_in(token)
    (booking,) = _items(client, token, f"/rounds/{world.round}/bookings")
    response = visitor.submit(f"/ui/bookings/{booking['id']}/decline")
    assert response.status_code == 303
    assert response.headers["location"] == f"/ui/rounds/{world.round}/group?done=declined"
    assert _api(client, token, f"/bookings/{booking['id']}")["status"] == "declined"
    page = visitor.get(response.headers["location"]).text
    assert "The booking is declined" in page


def test_a_group_cannot_touch_another_groups_booking(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    others = _items(client, world.tokens["proposer"], f"/rounds/{world.round}/bookings")
    visitor.sign_in(world.tokens["other_proposer"])
    assert visitor.get(f"/ui/bookings/{others[0]['id']}/decline").status_code == 404


def test_a_coordinator_starts_a_solve_from_the_page(
    client: TestClient, visitor: Visitor, world: World, jobs: RecordingBackend
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    form = visitor.get(f"/ui/rounds/{world.round}/solves")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text.split("Start a solve")[1])
    assert token is not None
    response = visitor.post(
        f"/ui/rounds/{world.round}/solves",
        {"csrf_token": token.group(1), "method": "cpsat", "time_limit": "3", "workers": "1"},
    )
    assert response.status_code == 303
    job_id = response.headers["location"].rsplit("/", 1)[1]
    assert jobs.submitted == [job_id]
    page = visitor.get(f"/ui/solves/{job_id}").text
    assert 'data-status="queued"' in page
    cancelled = visitor.submit(f"/ui/solves/{job_id}/cancel")
    assert cancelled.status_code == 303
    job = _api(client, world.tokens["coordinator"], f"/solves/{job_id}")
    assert job["status"] == "cancelled"
    assert 'data-finished="true"' in visitor.get(f"/ui/solves/{job_id}/live").text


@pytest.mark.parametrize(("time_limit", "problem"), [("", "time_limit"), ("99999", "time_limit")])
def test_an_invalid_solve_form_is_explained(
    visitor: Visitor, world: World, time_limit: str, problem: str
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    form = visitor.get(f"/ui/rounds/{world.round}/solves").text
    token = re.findall(r'name="csrf_token" value="([^"]+)"', form)[-1]
    response = visitor.post(
        f"/ui/rounds/{world.round}/solves",
        {"csrf_token": token, "method": "cpsat", "time_limit": time_limit, "workers": "1"},
    )
    assert response.status_code == 422
    assert problem in response.text


def test_closing_the_round_asks_first_then_acts(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    overview = visitor.get(f"/ui/rounds/{world.round}").text
    assert 'data-action="closed"' in overview
    assert 'data-action="solve"' in overview
    confirm = visitor.get(f"/ui/rounds/{world.round}/transition?to=closed")
    assert "Close the round?" in confirm.text
    assert (
        _api(client, world.tokens["coordinator"], f"/rounds/{world.round}")["state"] == "published"
    )
    done = visitor.submit(f"/ui/rounds/{world.round}/transition?to=closed")
    assert done.status_code == 303
    assert _api(client, world.tokens["coordinator"], f"/rounds/{world.round}")["state"] == "closed"


def test_an_impossible_transition_is_a_409_page(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["coordinator"])
    response = visitor.get(f"/ui/rounds/{world.round}/transition?to=open")
    assert response.status_code == 409
    assert "cannot go from published to open" in response.text


def test_the_group_calendar_is_the_groups_bookings(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["other_proposer"])
    response = visitor.get(f"/ui/rounds/{world.round}/group/schedule.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text.count("BEGIN:VEVENT") == 1
    assert OTHER_GROUP in response.text


def test_pages_are_not_in_the_api_document(client: TestClient) -> None:
    assert not [
        path for path in client.get("/openapi.json").json()["paths"] if path.startswith("/ui")
    ]


def test_pages_forbid_inline_scripts_and_framing(visitor: Visitor, world: World) -> None:
    page = visitor.get("/ui/sign-in")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in page.text


@pytest.mark.parametrize("who", ["admin", "coordinator", "proposer", "reviewer"])
def test_each_round_page_is_one_tab_that_opens(visitor: Visitor, world: World, who: str) -> None:
    visitor.sign_in(world.tokens[who])
    html = visitor.get(f"/ui/rounds/{world.round}").text
    nav = html[html.index('<nav class="tabs"') : html.index("</nav>", html.index('class="tabs"'))]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert len(links) == len(set(links)), links
    for link in links:
        assert visitor.get(link).status_code == 200, link
