"""Importing a round: proposals keep the research groups the caller maps them to."""

from __future__ import annotations

import json
from typing import Any

from api.auth.principal import Role
from tests.api import factories
from tests.api.helpers import Api, Caller, problem


def _groups_of_proposals(caller: Caller, round_code: str) -> dict[str, str]:
    listed = caller.ok("GET", f"/rounds/{round_code}/proposals", params={"limit": 500})
    return {item["id"]: item["group"] for item in listed["items"]}


def _body(groups: Any) -> str:
    return json.dumps({"instance": factories.instance_document(), "groups": groups})


def test_an_import_puts_each_proposal_in_its_mapped_group(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=_body({"P-1": "lab-a", "P-2": "lab-b"}),
        params={"group": "rest"},
    )
    assert _groups_of_proposals(admin, "IMP-1") == {"P-1": "lab-a", "P-2": "lab-b", "P-3": "rest"}
    groups = {item["code"] for item in admin.ok("GET", "/groups")["items"]}
    assert {"lab-a", "lab-b", "rest"} <= groups


def test_a_mapped_group_sees_only_its_own_imported_proposals(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=_body({"P-1": "lab-a"}),
        params={"state": "open"},
    )
    proposer = api.caller(Role.PROPOSER, group="lab-a")
    assert _groups_of_proposals(proposer, "IMP-1") == {"P-1": "lab-a"}


def test_only_admins_create_groups_by_importing(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    admin.ok("POST", "/groups", 201, json={"code": "imported"})
    refused = problem(coordinator.post("/rounds/import", content=_body({"P-1": "lab-a"})), 422)
    assert [error["path"] for error in refused["errors"]] == ["groups.P-1"]
    assert "created by admins" in refused["errors"][0]["message"]
    assert admin.ok("GET", "/rounds")["total"] == 0
    admin.ok("POST", "/groups", 201, json={"code": "lab-a"})
    coordinator.ok("POST", "/rounds/import", 201, content=_body({"P-1": "lab-a"}))
    assert _groups_of_proposals(admin, "IMP-1")["P-1"] == "lab-a"


def test_a_coordinator_may_not_import_into_a_default_group_that_does_not_exist(api: Api) -> None:
    coordinator = api.caller(Role.COORDINATOR, facilities=("IMPF",))
    refused = problem(
        coordinator.post(
            "/rounds/import",
            content=json.dumps(factories.instance_document()),
            params={"group": "nobody"},
        ),
        422,
    )
    assert [error["path"] for error in refused["errors"]] == ["query.group"]


def test_a_mapping_that_names_an_unknown_proposal_or_no_group_is_refused(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    no_group = problem(admin.post("/rounds/import", content=_body({"P-1": 3})), 422)
    assert [error["path"] for error in no_group["errors"]] == ["groups.P-1"]
    unknown = problem(admin.post("/rounds/import", content=_body({"P-9": "lab"})), 422)
    assert [error["path"] for error in unknown["errors"]] == ["groups.P-9"]
    not_an_object = problem(admin.post("/rounds/import", content=_body(["lab"])), 422)
    assert [error["path"] for error in not_an_object["errors"]] == ["groups"]
    assert admin.ok("GET", "/rounds")["total"] == 0


def test_problems_of_an_enveloped_instance_carry_its_path(api: Api) -> None:
    admin = api.caller(Role.ADMIN)
    document = factories.instance_document()
    document["instruments"][0]["capacity"] = 0
    body = json.dumps({"instance": document, "groups": {}, "extra": 1})
    unknown = problem(admin.post("/rounds/import", content=body), 422)
    assert [error["path"] for error in unknown["errors"]] == ["extra"]
    body = json.dumps({"instance": document})
    invalid = problem(admin.post("/rounds/import", content=body), 422)
    assert "instance.instruments[0].capacity" in {error["path"] for error in invalid["errors"]}


def test_a_bulk_import_exports_the_same_instance_with_precedences(api: Api) -> None:
    from models.exchange import parse_instance

    admin = api.caller(Role.ADMIN)
    document = factories.instance_document()
    assert document["precedences"], "the factory's instance should carry a precedence"
    admin.ok("POST", "/rounds/import", 201, content=_body({"P-2": "lab-b"}))
    exported = parse_instance(admin.get("/rounds/IMP-1/instance.json").content)
    assert exported == parse_instance(json.dumps(document))
