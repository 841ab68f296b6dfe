"""`beamtime remote`: a coordinator scripts a round against a running service, without curl."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import cli.remote
from api.auth.principal import Role
from api.jobs.runner import run_job
from cli.main import app
from tests.api import factories
from tests.api.conftest import app_settings
from tests.api.helpers import Api

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("remote_service")


@pytest.fixture
def remote_service(api: Api, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The remote commands talk to the test app instead of a network address."""

    def client_for(url: str, token: str) -> TestClient:
        client.headers["Authorization"] = f"Bearer {token}"
        return _Unclosed(client)

    monkeypatch.setattr(cli.remote, "client_for", client_for)


class _Unclosed(TestClient):
    """The shared test client, which a command's `with` must not close."""

    def __init__(self, client: TestClient) -> None:
        self.__dict__.update(client.__dict__)

    def __exit__(self, *args: object) -> None:
        return None


def _remote(token: str, *arguments: str) -> str:
    result = runner.invoke(app, ["remote", *arguments, "--token", token, "--url", "http://t"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_round_from_review_to_published_exports(api: Api, tmp_path: Path) -> None:
    admin = api.caller(Role.ADMIN)
    admin.ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps(factories.instance_document()),
        params={"state": "review"},
    )
    token = api.token(Role.ADMIN)
    assert "IMP-1\treview" in _remote(token, "rounds")
    started = _remote(token, "solve", "IMP-1", "--no-wait")
    job = re.search(r"job ([0-9a-f-]{36}): queued", started)
    assert job is not None, started
    run_job(api.database, app_settings(), job.group(1))
    allocation = admin.ok("GET", f"/solves/{job.group(1)}")["allocation"]
    assert "accepted" in _remote(token, "accept", "IMP-1", allocation)
    assert "round IMP-1: published" in _remote(token, "publish", "IMP-1")
    target = tmp_path / "schedule.ics"
    _remote(token, "export", "IMP-1", "schedule.ics", "-o", str(target))
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    closed = _remote(
        token,
        "close",
        "IMPF-A",
        "--from",
        "2031-01-01T00:00:00Z",
        "--to",
        "2031-01-02T00:00:00Z",
        "--reason",
        "maintenance",
    )
    assert "IMPF-A: closed" in closed


def test_a_refusal_prints_the_problem_and_exits_1(api: Api) -> None:
    token = api.token(Role.ADMIN)
    result = runner.invoke(
        app, ["remote", "transition", "NOPE", "open", "--token", token, "--url", "http://t"]
    )
    assert result.exit_code == 1
    assert "404" in result.output
