"""The service starts, authenticates and answers problems as problem+json."""

from __future__ import annotations

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
