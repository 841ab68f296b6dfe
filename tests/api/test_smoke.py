"""The service starts, authenticates and answers problems as problem+json."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.auth.principal import Role
from tests.api.helpers import Api, problem


def test_health_needs_no_token(api: Api) -> None:
    response = api.anonymous().get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_calls_without_a_token_are_refused_with_401(api: Api) -> None:
    body = problem(api.anonymous().get("/rounds"), 401)
    assert body["type"] == "/problems/not-authenticated"


def test_me_describes_the_token(api: Api) -> None:
    coordinator = api.caller(Role.COORDINATOR, facilities=("NICA",))
    me = coordinator.ok("GET", "/me")
    assert me["role"] == "coordinator"
    assert me["facilities"] == ["NICA"]


def test_the_api_docs_load_their_assets_from_the_service_itself(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.text)
    assert assets, page.text[:500]
    for asset in assets:
        assert asset.startswith("/docs/assets/"), asset
        assert client.get(asset).status_code == 200
