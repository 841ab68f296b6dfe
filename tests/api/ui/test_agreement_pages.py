"""An agreement's page draws its ledger as `GET /agreements/{code}/ledger` gives it, round
by round; a contribution agreement's members' return coefficients, alone and cumulative,
agree with the ledger's time and with the country report; the roles are the API's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.ui.agreements_world import (
    CONTRIBUTION,
    EARLIER_ROUND,
    RECIPROCITY,
    two_rounds_with_agreements,
)
from tests.api.ui.visitors import Visitor
from tests.api.ui.world import World


def _rows(html: str, attributes: str) -> list[tuple[str, ...]]:
    return re.findall(attributes, html)


def test_the_list_shows_the_agreements_about_the_coordinators_facilities(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    two_rounds_with_agreements(client, world)
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get("/ui/agreements")
    assert page.status_code == 200
    assert set(re.findall(r'data-agreement="([^"]+)"', page.text)) == {RECIPROCITY, CONTRIBUTION}
    assert f'href="/ui/agreements/{CONTRIBUTION}"' in page.text
    assert 'href="/ui/agreements">Agreements</a>' in page.text  # in the site navigation


def test_the_reciprocity_page_shows_the_ledger_and_balance_of_each_round(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    admin = two_rounds_with_agreements(client, world)
    ledger = admin.ok("GET", f"/agreements/{RECIPROCITY}/ledger")
    assert [entry["round"] for entry in ledger["rounds"]] == [EARLIER_ROUND, world.round]
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/agreements/{RECIPROCITY}")
    assert page.status_code == 200, page.text[:2000]
    shown = _rows(
        page.text,
        r'<tr data-round="([^"]+)" data-side="([^"]+)" data-delivered="([^"]+)" '
        r'data-lost="([^"]+)" data-scheduled="([^"]+)">',
    )
    expected = [
        (
            entry["round"],
            side,
            *(repr(float(entry["sides"][side][k])) for k in ("delivered", "lost", "scheduled")),
        )
        for entry in ledger["rounds"]
        for side in ("RU", "KZ")
    ]
    assert [
        (r, s, repr(float(d)), repr(float(lo)), repr(float(sc))) for r, s, d, lo, sc in shown
    ] == expected
    balances = _rows(page.text, r'<tr data-round="([^"]+)" data-balance="([^"]+)">')
    assert [(r, float(b)) for r, b in balances] == [
        (entry["round"], entry["balance"]) for entry in ledger["rounds"]
    ]
    points = _rows(page.text, r'data-round="([^"]+)" data-value="([^"]+)"')
    assert [(r, float(v)) for r, v in points] == [(r, float(b)) for r, b in balances]


def _expected_cumulative(
    ledger: dict[str, Any], shares: dict[str, float], history: dict[str, float]
) -> list[dict[str, float]]:
    """The members' cumulative return coefficient after each round, from the ledger's time."""
    running = dict.fromkeys(shares, 0.0) | {c: float(v) for c, v in history.items()}
    result = []
    for entry in ledger["rounds"]:
        for country in shares:
            side = entry["sides"].get(country)
            running[country] += side["delivered"] + side["scheduled"] if side else 0.0
        members = sum(running.values())
        result.append({c: (running[c] / members) / shares[c] for c in shares})
    return result


def test_the_contribution_page_shows_each_members_return_coefficient_round_by_round(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    admin = two_rounds_with_agreements(client, world)
    ledger = admin.ok("GET", f"/agreements/{CONTRIBUTION}/ledger")
    expected = _expected_cumulative(ledger, {"RU": 0.7, "KZ": 0.3}, {"RU": 10, "KZ": 2})
    visitor.sign_in(world.tokens["coordinator"])
    page = visitor.get(f"/ui/agreements/{CONTRIBUTION}")
    assert page.status_code == 200, page.text[:2000]
    shown = _rows(
        page.text, r'<tr data-round="([^"]+)" data-country="([^"]+)" data-cumulative="([^"]*)"'
    )
    rounds = [entry["round"] for entry in ledger["rounds"]]
    assert [(r, c) for r, c, _ in shown] == [(r, c) for r in rounds for c in ("RU", "KZ")]
    for round_code, country, value in shown:
        assert float(value) == pytest.approx(expected[rounds.index(round_code)][country], abs=1e-5)
    assert "well balanced" in page.text or "poorly balanced" in page.text


def test_the_country_report_carries_the_ledgers_cumulative_return_coefficients(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    admin = two_rounds_with_agreements(client, world)
    ledger = admin.ok("GET", f"/agreements/{CONTRIBUTION}/ledger")
    expected = _expected_cumulative(ledger, {"RU": 0.7, "KZ": 0.3}, {"RU": 10, "KZ": 2})
    report = admin.ok("GET", f"/rounds/{EARLIER_ROUND}/reports/countries")
    (figures,) = [f for f in report["contribution"] if f["policy"] == CONTRIBUTION]
    assert [entry["round"] for entry in figures["ledger"]] == [EARLIER_ROUND]
    cumulative = {m["country"]: m["cumulative"] for m in figures["ledger"][0]["members"]}
    assert cumulative == pytest.approx(expected[0], abs=1e-5)
    visitor.sign_in(world.tokens["admin"])
    page = visitor.get(f"/ui/rounds/{EARLIER_ROUND}/balances").text
    shown = dict(re.findall(r'<td data-country="([^"]+)" data-cumulative="([^"]*)"', page))
    assert {c: float(v) for c, v in shown.items()} == pytest.approx(expected[0], abs=1e-5)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_coordinator", 404), ("proposer", 403), ("reviewer", 403), ("admin", 200)],
)
def test_only_the_coordinators_of_its_facilities_see_an_agreement(
    client: TestClient, visitor: Visitor, world: World, who: str, status: int
) -> None:
    two_rounds_with_agreements(client, world)
    visitor.sign_in(world.tokens[who])
    assert visitor.get(f"/ui/agreements/{RECIPROCITY}").status_code == status
    listed = visitor.get("/ui/agreements")
    assert listed.status_code == (403 if status == 403 else 200)
    if who == "other_coordinator":
        assert "data-agreement=" not in listed.text
    if status == 403:
        assert 'href="/ui/agreements"' not in visitor.get("/ui/rounds").text
