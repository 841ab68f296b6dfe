"""Schemathesis against the app's own OpenAPI schema: no 5xx, and every response (status,
content type, body) matches the schema. The number of examples is bounded so the suite
stays quick; `BEAMTIME_FUZZ_EXAMPLES` raises it for a longer run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from api.app import create_app
from api.auth.principal import Role
from api.db import Database
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings
from tests.api.databases import (
    POSTGRES_SKIP_REASON,
    migrated_sqlite_template,
    postgres_schema,
    postgres_url,
    sqlite_copy,
)
from tests.api.helpers import Api
from tests.api.matrix_world import build_world

EXAMPLES = int(os.environ.get("BEAMTIME_FUZZ_EXAMPLES", "12"))
RANDOMIZE = os.environ.get("BEAMTIME_FUZZ_RANDOM", "") == "1"


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[schemathesis.BaseSchema, str]]:
    """The app on a database of its own (with the matrix world in it), and an admin token."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            folder: Path = tmp_path_factory.mktemp("fuzz")
            url = sqlite_copy(migrated_sqlite_template(folder), folder)
        else:
            base = postgres_url()
            if base is None:
                pytest.skip(POSTGRES_SKIP_REASON)
            url = stack.enter_context(postgres_schema(base))
        database = Database.from_url(url)
        stack.callback(database.dispose)
        app = create_app(app_settings(url), database=database, jobs=RecordingBackend())
        client = stack.enter_context(TestClient(app))
        build_world(client, database)
        token = Api(client, database).token(Role.ADMIN, name="fuzzer")
        yield schemathesis.openapi.from_asgi("/openapi.json", app), token


def _operation_labels() -> list[str]:
    app = create_app(
        app_settings(), database=Database.from_url("sqlite://"), jobs=RecordingBackend()
    )
    static = schemathesis.openapi.from_dict(app.openapi())
    return [result.ok().label for result in static.get_all_operations()]


LABELS = _operation_labels()
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
"""No 5xx, and every response as documented. (The API's rules go beyond what the schema can
say, e.g. that a request's instruments exist, so a schema-valid request may get a 422.)"""


@pytest.mark.parametrize("label", LABELS)
def test_the_api_keeps_its_schema(fuzzed: tuple[schemathesis.BaseSchema, str], label: str) -> None:
    schema, token = fuzzed
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOMIZE,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_its_schema(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    keeps_its_schema()
