"""Every endpoint x every role x own/other: the status code, and no foreign data in bodies.

Columns: admin, coordinator (own facility), coordinator of another facility, reviewer of
the round, reviewer of another round, proposer of the owning group, proposer of another
group, and no token at all. Each cell runs inside a savepoint that is rolled back, so
every cell sees the same world.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import Database
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings
from tests.api.databases import BACKENDS, module_database
from tests.api.matrix_world import PRINCIPALS, World, build_world, import_document

M1 = {"If-Match": '"1"'}
M2 = {"If-Match": '"2"'}
PROPOSAL = {
    "title": "matrix",
    "countries": {"RU": 1},
    "requests": [{"instruments": ["FA-1"], "shifts": 1}],
}


@dataclass(frozen=True)
class Cell:
    """One endpoint called the same way by every principal."""

    method: str
    path: str
    expected: str
    json: Any = None
    content: str | None = None
    headers: dict[str, str] | None = None


#                                          adm coo oco rev ore pro opr ano
ENDPOINTS = [
    Cell("GET", "/health", "200 200 200 200 200 200 200 200"),
    Cell("GET", "/problems", "200 200 200 200 200 200 200 200"),
    Cell("GET", "/problems/not-found", "200 200 200 200 200 200 200 200"),
    Cell("GET", "/me", "200 200 200 200 200 200 200 401"),
    Cell("GET", "/auth/tokens", "200 403 403 403 403 403 403 401"),
    Cell(
        "POST",
        "/auth/tokens",
        "201 403 403 403 403 403 403 401",
        json={"name": "new", "role": "proposer", "group": "g9"},
    ),
    Cell("DELETE", "/auth/tokens/{token}", "200 403 403 403 403 403 403 401"),
    Cell("GET", "/countries", "200 200 200 200 200 200 200 401"),
    Cell("POST", "/countries", "201 201 201 403 403 403 403 401", json={"code": "XX"}),
    Cell("GET", "/countries/RU", "200 200 200 200 200 200 200 401"),
    Cell(
        "PATCH", "/countries/RU", "200 403 403 403 403 403 403 401", json={"name": "R"}, headers=M1
    ),
    Cell("GET", "/facilities", "200 200 200 200 200 200 200 401"),
    Cell(
        "POST",
        "/facilities",
        "201 201 403 403 403 403 403 401",
        json={"code": "FNEW", "host_country": "RU"},
    ),
    Cell("GET", "/facilities/FA", "200 200 200 200 200 200 200 401"),
    Cell(
        "PATCH", "/facilities/FA", "200 200 403 403 403 403 403 401", json={"name": "A"}, headers=M1
    ),
    Cell("GET", "/facilities/FA/instruments", "200 200 200 200 200 200 200 401"),
    Cell(
        "POST",
        "/facilities/FA/instruments",
        "201 201 403 403 403 403 403 401",
        json={"code": "FA-9"},
    ),
    Cell("GET", "/instruments/FA-1", "200 200 200 200 200 200 200 401"),
    Cell(
        "PATCH",
        "/instruments/FA-1",
        "200 200 403 403 403 403 403 401",
        json={"name": "x"},
        headers=M1,
    ),
    Cell("GET", "/instruments/FA-1/closed-periods", "200 200 200 200 200 200 200 401"),
    Cell(
        "POST",
        "/instruments/FA-1/closed-periods",
        "201 201 403 403 403 403 403 401",
        json={"starts_at": "2027-04-01T00:00:00Z", "ends_at": "2027-04-02T00:00:00Z"},
    ),
    Cell("DELETE", "/instruments/FA-1/closed-periods/{period}", "204 204 403 403 403 403 403 401"),
    Cell("GET", "/groups", "200 200 200 403 403 200 200 401"),
    Cell("POST", "/groups", "201 403 403 403 403 403 403 401", json={"code": "g7"}),
    Cell("GET", "/groups/g1", "200 200 200 403 403 200 404 401"),
    Cell("GET", "/rounds", "200 200 200 200 200 200 200 401"),
    Cell(
        "POST",
        "/rounds",
        "201 201 403 403 403 403 403 401",
        json={"code": "NEW", "start": "2027-01-01T00:00:00Z", "n_shifts": 5, "facilities": ["FA"]},
    ),
    Cell(
        "POST",
        "/rounds/import?group=g1",
        "201 201 403 403 403 403 403 401",
        content=import_document(),
    ),
    Cell("GET", "/rounds/RA-R/instance.json", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/rounds/RA-O", "200 200 404 200 404 200 200 401"),
    Cell(
        "PATCH", "/rounds/RA-O", "200 200 404 403 404 403 403 401", json={"name": "n"}, headers=M2
    ),
    Cell(
        "POST", "/rounds/RA-O/transitions", "200 200 404 403 404 403 403 401", json={"to": "review"}
    ),
    Cell("GET", "/rounds/RA-R/agreements", "200 200 404 403 404 403 403 401"),
    Cell(
        "POST",
        "/rounds/RA-R/agreements",
        "201 201 404 403 404 403 403 401",
        json={"type": "reciprocity", "code": "AG2", "countries": ["KZ", "RU"]},
    ),
    Cell("GET", "/rounds/RA-R/agreements/AG", "200 200 404 403 404 403 403 401"),
    Cell(
        "PATCH",
        "/rounds/RA-R/agreements/AG",
        "200 200 404 403 404 403 403 401",
        json={"credit": {"RU": 3}},
        headers=M1,
    ),
    Cell("DELETE", "/rounds/RA-R/agreements/AG", "204 204 404 403 404 403 403 401", headers=M1),
    Cell("GET", "/rounds/RA-O/proposals", "200 200 404 200 404 200 200 401"),
    Cell("POST", "/rounds/RA-O/proposals", "422 422 404 403 404 201 201 401", json=PROPOSAL),
    Cell("GET", "/rounds/RA-O/proposals/{open_g1}", "200 200 404 200 404 200 404 401"),
    Cell(
        "PATCH",
        "/rounds/RA-O/proposals/{open_g1}",
        "200 200 404 403 404 200 404 401",
        json={"title": "renamed"},
        headers=M1,
    ),
    Cell(
        "DELETE", "/rounds/RA-O/proposals/{open_g1}", "204 204 404 403 404 204 404 401", headers=M1
    ),
    Cell("GET", "/rounds/RA-R/precedences", "200 200 404 403 404 403 403 401"),
    Cell(
        "POST",
        "/rounds/RA-R/precedences",
        "201 201 404 403 404 403 403 401",
        json={"before": "{review_g1}/a", "after": "{review_g2b}/a"},
    ),
    Cell("DELETE", "/rounds/RA-R/precedences/{precedence}", "204 204 404 403 404 403 403 401"),
    Cell("GET", "/rounds/RA-R/proposals/{review_g1}/reviews", "200 200 404 200 404 403 404 401"),
    Cell(
        "POST",
        "/rounds/RA-R/proposals/{review_g2}/reviews",
        "403 403 404 201 404 404 403 401",
        json={"score": 2.5},
    ),
    Cell(
        "GET",
        "/rounds/RA-R/proposals/{review_g1}/reviews/{review}",
        "200 200 404 200 404 403 404 401",
    ),
    Cell(
        "PATCH",
        "/rounds/RA-R/proposals/{review_g1}/reviews/{review}",
        "403 403 404 200 404 403 404 401",
        json={"score": 4.5},
        headers=M1,
    ),
    Cell("POST", "/rounds/RA-R/solve", "202 202 404 403 404 403 403 401", json={}),
    Cell("GET", "/rounds/RA-R/solves", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/solves/{pub_job}", "200 200 404 404 404 404 404 401"),
    Cell("GET", "/solves/{pub_job}/progress", "200 200 404 404 404 404 404 401"),
    Cell("POST", "/solves/{queued_job}/cancel", "202 202 404 404 404 404 404 401"),
    Cell("GET", "/solves/{pub_job}/solution.json", "200 200 404 404 404 404 404 401"),
    Cell("POST", "/rounds/RA-R/whatifs", "202 202 404 403 404 403 403 401", json={}),
    Cell("GET", "/rounds/RA-R/whatifs", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/whatifs/{whatif}", "200 200 404 404 404 404 404 401"),
    Cell("GET", "/rounds/RA-P/allocation", "200 200 404 403 404 200 200 401"),
    Cell(
        "PUT",
        "/rounds/RA-R/allocation",
        "200 200 404 403 404 403 403 401",
        content="{review_solution}",
    ),
    Cell("GET", "/rounds/RA-R/allocations", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/rounds/RA-R/allocations/{candidate}", "200 200 404 403 404 403 403 401"),
    Cell("POST", "/rounds/RA-R/allocations/{candidate}/accept", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/rounds/RA-P/bookings", "200 200 404 403 404 200 200 401"),
    Cell(
        "POST",
        "/rounds/RA-P/bookings",
        "201 201 404 403 404 403 403 401",
        json={
            "request": "{pub_request}",
            "instrument": "FA-1",
            "start": "{free_shift}",
            "length": 1,
            "override": "every role tries the same booking",
        },
    ),
    Cell("GET", "/bookings/{booking}", "200 200 404 403 404 200 404 401"),
    Cell("POST", "/bookings/{booking}/confirm", "403 403 404 403 404 200 404 401"),
    Cell("POST", "/bookings/{booking}/decline", "403 403 404 403 404 200 404 401"),
    Cell("POST", "/bookings/{booking}/cancel", "200 200 404 403 404 403 404 401"),
    Cell("GET", "/rounds/RA-P/solution.json", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/allocation.csv", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/schedule.ics", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/instruments/FA-2/solution.json", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/instruments/FA-2/allocation.csv", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/instruments/FA-2/schedule.ics", "200 200 404 403 404 200 200 401"),
    Cell("GET", "/rounds/RA-P/groups/g1/solution.json", "200 200 404 403 404 200 404 401"),
    Cell("GET", "/rounds/RA-P/groups/g1/allocation.csv", "200 200 404 403 404 200 404 401"),
    Cell("GET", "/rounds/RA-P/groups/g1/schedule.ics", "200 200 404 403 404 200 404 401"),
    Cell("GET", "/rounds/RA-P/reports/countries", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/agreements", "200 200 200 403 403 403 403 401"),
    Cell(
        "POST",
        "/agreements",
        "201 201 403 403 403 403 403 401",
        json={
            "type": "contribution_share",
            "code": "SA2",
            "in_force_from": "2026-01-01T00:00:00Z",
            "facilities": ["FA"],
            "shares": {"RU": 1},
        },
    ),
    Cell("GET", "/agreements/SA", "200 200 404 403 403 403 403 401"),
    Cell(
        "PATCH",
        "/agreements/SA",
        "200 200 404 403 403 403 403 401",
        json={"min_ratio": 0.2},
        headers=M1,
    ),
    Cell("GET", "/agreements/SA/ledger", "200 200 404 403 403 403 403 401"),
    Cell("GET", "/rounds/RA-R/standing-agreements", "200 200 404 403 404 403 403 401"),
    Cell(
        "PUT",
        "/rounds/RA-R/standing-agreements/SA/adjustment",
        "200 200 404 403 404 403 403 401",
        json={"changes": {"min_ratio": 0.1}, "reason": "matrix"},
    ),
    Cell(
        "POST",
        "/rounds/RA-P/outages",
        "201 201 404 403 404 403 403 401",
        json={
            "instruments": ["FA-2"],
            "starts_at": "2027-06-07T08:00:00Z",
            "ends_at": "2027-06-07T16:00:00Z",
            "cause": "fault",
        },
    ),
    Cell("GET", "/rounds/RA-P/outages", "200 200 404 403 404 403 403 401"),
    Cell("GET", "/rounds/RA-P/lost-shifts", "200 200 404 403 404 200 200 401"),
    Cell(
        "POST",
        "/rounds/RA-P/replans",
        "202 202 404 403 404 403 403 401",
        json={"time_limit": 1, "workers": 1},
    ),
    Cell("GET", "/replans/{replan}", "200 200 404 403 404 200 200 401"),
    # The matrix's re-plan is queued: the round's coordinators find nothing to accept.
    Cell("POST", "/replans/{replan}/accept", "409 409 404 403 404 403 403 401"),
    Cell("GET", "/feeds", "200 200 200 403 403 200 200 401"),
    Cell("POST", "/feeds", "201 403 403 403 403 201 404 401", json={"group": "g1"}),
    Cell("POST", "/feeds", "201 201 403 403 403 403 403 401", json={"instrument": "FA-2"}),
    Cell("DELETE", "/feeds/{feed}", "200 404 404 403 403 200 404 401"),
    Cell("GET", "/calendar/{feed_token}.ics", "200 200 200 200 200 200 200 200"),
    Cell("GET", "/audit", "200 403 403 403 403 403 403 401"),
]

SEES_GROUP_ONE = {"admin", "coordinator", "reviewer", "proposer"}


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            filled = ids[value[1:-1]]
            return int(filled) if filled.isdigit() else filled
        return re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, Database]]:
    """The matrix world on one backend, inside a transaction rolled back at the end."""
    with module_database(request, tmp_path_factory.mktemp("matrix")) as database:
        app = create_app(app_settings(), database=database, jobs=RecordingBackend())
        with TestClient(app) as client:
            built = build_world(client, database)
            yield built, database


def test_every_endpoint_is_in_the_matrix() -> None:
    app = create_app(
        app_settings(), database=Database.from_url("sqlite://"), jobs=RecordingBackend()
    )
    routes = {
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    }
    covered = set()
    for cell in ENDPOINTS:
        template = cell.path.partition("?")[0]
        for route_method, route_path in routes:
            pattern = route_path.split("/")
            parts = template.split("/")
            if (
                route_method == cell.method
                and len(pattern) == len(parts)
                and all(
                    p == q or (p.startswith("{") and p.endswith("}"))
                    for p, q in zip(pattern, parts, strict=True)
                )
            ):
                covered.add((route_method, route_path))
    assert routes - covered == set()


@pytest.mark.parametrize("cell", ENDPOINTS, ids=[f"{c.method} {c.path}" for c in ENDPOINTS])
def test_access_matrix(world: tuple[World, Database], cell: Cell) -> None:
    built, database = world
    expected = dict(zip(PRINCIPALS, cell.expected.split(), strict=True))
    path = _fill(cell.path, built.ids)
    bind = database.sessions.kw["bind"]
    for principal, status in expected.items():
        savepoint = bind.begin_nested()
        try:
            response = built.callers[principal].request(
                cell.method,
                path,
                json=_fill(cell.json, built.ids),
                content=_fill(cell.content, built.ids),
                headers=cell.headers,
            )
        finally:
            savepoint.rollback()
        assert str(response.status_code) == status, (principal, response.text[:500])
        if principal not in SEES_GROUP_ONE:
            for secret in built.secrets - set(path.split("/")):
                assert secret not in response.text, (principal, secret, response.text[:500])
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")


def test_lists_show_only_what_each_principal_may_see(world: tuple[World, Database]) -> None:
    built, _ = world
    callers = built.callers
    rounds = {
        name: {r["code"] for r in callers[name].ok("GET", "/rounds")["items"]}
        for name in PRINCIPALS
        if name != "anonymous"
    }
    assert rounds["other_coordinator"] == {"RB-O"}
    assert rounds["other_reviewer"] == {"RB-O"}
    assert rounds["reviewer"] == {"RA-O", "RA-R", "RA-P"}
    assert {"RA-O", "RA-R", "RA-P", "RB-O"} <= rounds["other_proposer"]
    mine = callers["other_proposer"].ok("GET", "/rounds/RA-O/proposals")
    assert mine["total"] == 1
    assert mine["items"][0]["group"] == "g2"
    asked = callers["other_proposer"].ok("GET", "/rounds/RA-O/proposals", params={"group": "g1"})
    assert asked["total"] == 0
    groups = callers["other_proposer"].ok("GET", "/groups")
    assert [g["code"] for g in groups["items"]] == ["g2"]
    bookings = callers["other_proposer"].ok("GET", "/rounds/RA-P/bookings")
    assert {b["group"] for b in bookings["items"]} <= {"g2"}
    solution = json.loads(callers["other_proposer"].get("/rounds/RA-P/solution.json").text)
    assert {d["proposal"] for d in solution["decisions"]} <= {built.ids["pub_g2"]}
