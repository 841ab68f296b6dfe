"""If-Match as documented: required in the OpenAPI of every edit, 428 without it, and a
strong comparison (a weak ETag never matches, RFC 9110)."""

from __future__ import annotations

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, problem


def test_every_if_match_header_the_server_requires_is_required_in_the_openapi(api: Api) -> None:
    schema = api.anonymous().ok("GET", "/openapi.json")
    required = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "If-Match":
                    documents_428 = "428" in operation["responses"]
                    assert parameter["required"] is documents_428, (method, path)
                    if parameter["required"]:
                        required.add((method, path))
    assert {
        ("patch", "/countries/{code}"),
        ("delete", "/rounds/{round_code}/agreements/{code}"),
    } <= required


def test_an_edit_without_if_match_is_428_and_with_a_weak_etag_412(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    factories.country(admin, "KZ", "Kazakhstan")
    missing = problem(admin.patch("/countries/KZ", json={"name": "Qazaqstan"}), 428)
    assert missing["type"] == "/problems/precondition-required"
    weak = admin.patch("/countries/KZ", json={"name": "Qazaqstan"}, headers={"If-Match": 'W/"1"'})
    problem(weak, 412)
    admin.ok("PATCH", "/countries/KZ", json={"name": "Qazaqstan"}, headers={"If-Match": '"1"'})
    assert admin.ok("GET", "/countries/KZ")["name"] == "Qazaqstan"
