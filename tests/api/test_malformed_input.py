"""Malformed requests get documented problems, never a 500: bodies nested deeper than any
parser goes, bodies that are not UTF-8, methods a resource does not take."""

from __future__ import annotations

import pytest

from api.auth.principal import Role
from tests.api.helpers import Api, problem

DEPTH = 100_000
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("path", ["/countries", "/rounds/import"])
@pytest.mark.parametrize("depth", [1_000, DEPTH])
def test_deeply_nested_json_with_a_nul_escape_is_refused_without_error(
    api: Api, path: str, depth: int
) -> None:
    admin = api.caller(Role.ADMIN)
    body = "[" * depth + '"\\u0000"' + "]" * depth
    response = admin.post(path, content=body, headers=JSON)
    assert response.status_code in {400, 422}, response.text
    problem(response, response.status_code)


def test_a_body_nested_too_deep_is_a_documented_malformed_request(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    body = '{"code": ' + "[" * DEPTH + "]" * DEPTH + "}"
    refused = problem(admin.post("/countries", content=body, headers=JSON), 400)
    assert refused["type"] == "/problems/malformed-request"


def test_a_body_that_is_not_utf8_is_a_documented_malformed_request(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    refused = problem(admin.post("/countries", content=b'{"code": "\xff\xfe"}', headers=JSON), 400)
    assert refused["type"] == "/problems/malformed-request"
    described = api.anonymous().ok("GET", "/problems/malformed-request")
    assert described["status"] == 400


def test_openapi_documents_400_for_every_operation(api: Api) -> None:
    schema = api.anonymous().ok("GET", "/openapi.json")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)


def test_405_allows_every_method_of_the_path(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    refused = admin.request("PUT", "/countries/KZ")
    problem(refused, 405)
    assert refused.json()["type"] == "/problems/method-not-allowed"
    assert set(refused.headers["Allow"].split(", ")) >= {"GET", "PATCH"}
    schema = api.anonymous().ok("GET", "/openapi.json")
    for path, operations in schema["paths"].items():
        if "{" in path or "put" in operations:
            continue
        allowed = set(admin.request("PUT", path).headers.get("Allow", "").split(", "))
        assert {method.upper() for method in operations} <= allowed, path
