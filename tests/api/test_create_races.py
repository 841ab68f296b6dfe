"""Colliding creates: many clients create the same thing at once. Exactly one wins (201);
the others get the same 409 `already-exists` a later duplicate gets, or, where the create
is implicit (a token's new group, an import's new country), they all succeed on one row.
Never a 5xx. Run against PostgreSQL, where the losers really reach the unique constraint,
and SQLite, where writers queue."""

from __future__ import annotations

import copy
import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import func, select

from api.auth.principal import Role
from models.orm import Country, Facility, Instrument, ResearchGroup
from tests.api import factories
from tests.api.helpers import Api

CLIENTS = 24


def _race(call: Callable[[], httpx.Response], clients: int = CLIENTS) -> list[httpx.Response]:
    barrier = threading.Barrier(clients)

    def run(_: int) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(run, range(clients)))


def _one_winner(responses: list[httpx.Response]) -> None:
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 1, 409: len(responses) - 1}, statuses
    for response in responses:
        if response.status_code == 409:
            assert response.json()["type"] == "/problems/already-exists", response.text


def _rows(api: Api, model: Any, code: str) -> int:
    with api.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.code == code))


def test_racing_country_creates_have_one_winner(live_api: Api) -> None:
    admin = live_api.caller(Role.ADMIN)
    _one_winner(_race(lambda: admin.post("/countries", json={"code": "KZ", "name": "Kazakhstan"})))
    assert _rows(live_api, Country, "KZ") == 1


def test_racing_group_creates_have_one_winner(live_api: Api) -> None:
    admin = live_api.caller(Role.ADMIN)
    _one_winner(_race(lambda: admin.post("/groups", json={"code": "kz-sram", "name": "SRAM"})))


def test_racing_facility_and_instrument_creates_have_one_winner(live_api: Api) -> None:
    admin = live_api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    body = {"code": "INP", "name": "INP", "host_country": "KZ"}
    _one_winner(_race(lambda: admin.post("/facilities", json=body)))
    instrument = {"code": "INP-A", "name": "A", "capacity": 1}
    _one_winner(_race(lambda: admin.post("/facilities/INP/instruments", json=instrument)))
    assert _rows(live_api, Instrument, "INP-A") == 1


def test_racing_round_and_agreement_creates_have_one_winner(live_api: Api) -> None:
    admin = live_api.caller(Role.ADMIN)
    factories.country(admin, "KZ")
    factories.country(admin, "RU")
    factories.facility(admin, "INP", "KZ", {"INP-A": 1})
    round_body = {
        "code": "R-1",
        "name": "Round",
        "start": factories.START,
        "shift_hours": 8,
        "n_shifts": 30,
        "facilities": ["INP"],
    }
    _one_winner(_race(lambda: admin.post("/rounds", json=round_body)))
    agreement = {
        "code": "RU-KZ",
        "type": "reciprocity",
        "countries": ["RU", "KZ"],
        "ratio": 1.0,
        "tolerance": 50,
        "mode": "soft",
        "weight": 1.0,
    }
    _one_winner(_race(lambda: admin.post("/rounds/R-1/agreements", json=agreement)))


def test_racing_tokens_for_a_new_group_all_succeed_on_one_group(live_api: Api) -> None:
    admin = live_api.caller(Role.ADMIN)
    body = {"name": "SRAM team", "role": "proposer", "group": "kz-new"}
    responses = _race(lambda: admin.post("/auth/tokens", json=body))
    assert Counter(r.status_code for r in responses) == {201: CLIENTS}
    assert _rows(live_api, ResearchGroup, "kz-new") == 1


def test_racing_imports_introducing_the_same_facility_share_one_row(live_api: Api) -> None:
    """Different rounds naming the same new country, facility and instruments all import."""
    factories.group(live_api.caller(Role.ADMIN), "g1")
    coordinator = live_api.caller(Role.COORDINATOR, facilities=("IMPF",))
    documents = iter(
        json.dumps(factories.instance_document(f"IMP-{i}")) for i in range(CLIENTS // 2)
    )
    lock = threading.Lock()

    def next_import() -> httpx.Response:
        with lock:
            document = next(documents)
        return coordinator.post(
            "/rounds/import", params={"state": "review", "group": "g1"}, content=document
        )

    responses = _race(next_import, CLIENTS // 2)
    assert Counter(r.status_code for r in responses) == {201: CLIENTS // 2}, [
        r.text for r in responses if r.status_code != 201
    ]
    assert _rows(live_api, Country, "RU") == 1
    assert _rows(live_api, Facility, "IMPF") == 1
    assert _rows(live_api, Instrument, "IMPF-B") == 1


def test_racing_imports_of_one_round_have_one_winner(live_api: Api) -> None:
    factories.group(live_api.caller(Role.ADMIN), "g1")
    coordinator = live_api.caller(Role.COORDINATOR, facilities=("IMPF",))
    document = json.dumps(copy.deepcopy(factories.instance_document("IMP-X")))
    _one_winner(
        _race(
            lambda: coordinator.post(
                "/rounds/import", params={"state": "review", "group": "g1"}, content=document
            ),
            CLIENTS // 2,
        )
    )


def test_a_constraint_failure_no_route_names_is_a_409_problem() -> None:
    """The general mapping behind the per-route claims: never a 500 for a lost race."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from sqlalchemy.exc import IntegrityError

    from api.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/unique")
    def unique() -> None:
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: t.code"))

    @app.post("/foreign")
    def foreign() -> None:
        raise IntegrityError("INSERT", {}, Exception("FOREIGN KEY constraint failed"))

    with TestClient(app) as client:
        assert client.post("/unique").json()["type"] == "/problems/already-exists"
        refused = client.post("/foreign")
        assert refused.status_code == 409
        assert refused.json()["type"] == "/problems/conflict"
