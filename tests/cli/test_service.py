"""The service's commands: db upgrade, token create, load, worker, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.auth.service import authenticate
from api.db import Database
from api.migrate import head_revision
from cli.main import app
from tests.api import factories

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file named by BEAMTIME_DATABASE_URL."""
    for key in ("BEAMTIME_BROKER_URL", "BEAMTIME_ENVIRONMENT"):
        monkeypatch.delenv(key, raising=False)
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("BEAMTIME_DATABASE_URL", url)
    return url


@pytest.mark.parametrize("value", ["", "  ", "not a url"])
def test_serve_names_an_unusable_database_url_instead_of_a_traceback(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def never(*_: object, **__: object) -> None:
        raise AssertionError("the service must not start")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setenv("BEAMTIME_DATABASE_URL", value)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "invalid settings: BEAMTIME_DATABASE_URL " in result.output


def test_db_upgrade_creates_the_schema(database_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"revision {head_revision()}" in result.output


def test_token_create_prints_the_token_alone_on_its_last_line(database_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "token",
            "create",
            "--role",
            "coordinator",
            "--facility",
            "NICA",
            "--facility",
            "IBR-2",
            "--name",
            "user office",
        ],
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("bt_")
    database = Database.from_url(database_url)
    with database.transaction() as session:
        principal = authenticate(session, token)
    database.dispose()
    assert principal.facilities == frozenset({"NICA", "IBR-2"})


def test_token_create_refuses_a_scope_that_does_not_fit(database_url: str) -> None:
    result = runner.invoke(
        app, ["token", "create", "--role", "proposer", "--facility", "X", "--name", "n"]
    )
    assert result.exit_code == 2


def test_load_creates_a_round_and_reports_problems(database_url: str, tmp_path: Path) -> None:
    good = tmp_path / "round.json"
    good.write_text(json.dumps(factories.instance_document("CLI-1")))
    result = runner.invoke(app, ["load", str(good), "--state", "review"])
    assert result.exit_code == 0, result.output
    assert "CLI-1" in result.output
    document = factories.instance_document("CLI-2")
    document["proposals"][1]["requests"][0]["shifts"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    failed = runner.invoke(app, ["load", str(bad)])
    assert failed.exit_code == 1
    assert "proposals[1].requests[0].shifts" in failed.output


def test_load_puts_proposals_in_the_groups_of_a_mapping_file(
    database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from models.orm import Proposal, ResearchGroup

    instance = tmp_path / "round.json"
    instance.write_text(json.dumps(factories.instance_document("CLI-G")))
    groups = tmp_path / "groups.json"
    groups.write_text(json.dumps({"P-1": "lab-a", "P-2": "lab-b"}))
    result = runner.invoke(app, ["load", str(instance), "--groups", str(groups)])
    assert result.exit_code == 0, result.output
    database = Database.from_url(database_url)
    with database.read_transaction() as session:
        rows = session.execute(
            select(Proposal.code, ResearchGroup.code).join(
                ResearchGroup, ResearchGroup.id == Proposal.group_id
            )
        )
        owners = {str(proposal): str(group) for proposal, group in rows}
    database.dispose()
    assert owners == {"P-1": "lab-a", "P-2": "lab-b", "P-3": "imported"}
    groups.write_text(json.dumps(["lab-a"]))
    refused = runner.invoke(app, ["load", str(instance), "--groups", str(groups)])
    assert refused.exit_code == 1
    assert "proposal ids to group codes" in refused.output


def test_worker_needs_a_broker(database_url: str) -> None:
    assert runner.invoke(app, ["worker"]).exit_code == 2


def test_demo_publishes_a_round_and_prints_where_to_look(database_url: str, tmp_path: Path) -> None:
    instance = tmp_path / "demo.json"
    instance.write_text(json.dumps(factories.instance_document("DEMO-1")))
    result = runner.invoke(app, ["demo", "--no-serve", "--instance", str(instance)])
    assert result.exit_code == 0, result.output
    assert "DEMO-1-next" in result.output
    assert "/docs" in result.output
    assert "http://127.0.0.1:8000/ui/" in result.output
    assert "curl -X POST" in result.output
    assert "published" in result.output


def test_the_demo_shows_an_outage_an_accepted_replan_and_a_ledger_of_two_rounds(
    database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from api.commandline import command_line_principal
    from api.demo import _NoBackend
    from api.outages.service import OutageService
    from api.replans.service import ReplanService
    from api.settings import Settings
    from models.orm import Booking, SolveJob

    instance = tmp_path / "demo.json"
    instance.write_text(json.dumps(factories.instance_document("DEMO-3")))
    result = runner.invoke(app, ["demo", "--no-serve", "--instance", str(instance)])
    assert result.exit_code == 0, result.output
    database = Database.from_url(database_url)
    with database.transaction() as session:
        (job_id,) = session.scalars(select(SolveJob.id).where(SolveJob.accepted_at.is_not(None)))
        service = ReplanService(session, command_line_principal(), Settings(), _NoBackend())
        replan = service.read(service.get(job_id))
        _, losses = OutageService(session, command_line_principal()).losses_visible("DEMO-3")
        bookings = session.scalar(select(func.count()).select_from(Booking))
    database.dispose()
    lost = sum(loss.length for loss in losses)
    assert replan.value is not None
    assert lost >= 1
    assert "Round DEMO-3: published, solved now" in result.output
    assert f"{bookings} bookings." in result.output
    assert f"Outage on IMPF-B: bookings lost {lost} shift" in result.output
    assert (
        f"Re-plan {job_id}: accepted by {replan.accepted_by}; {replan.moved} blocks moved, "
        f"{replan.shortened} shortened, {replan.dropped} dropped, {replan.new} new.\n"
        f"Against the bookings the outage left ({replan.value.lost_shifts} booked shifts could "
        f"not be kept), it recovers {replan.value.shifts_recovered} shifts and "
        f"{replan.value.value_recovered:g} of value."
    ) in result.output
    assert "Agreement RU-KZ-across-rounds: 2 rounds in its ledger (DEMO-3, DEMO-3-next)." in (
        result.output
    )
    assert f"/replans/{job_id}" in result.output
    again = runner.invoke(app, ["demo", "--no-serve", "--instance", str(instance)])
    assert again.exit_code == 0, again.output
    assert f"Re-plan {job_id}: accepted" in again.output  # found, not made again


def test_every_database_command_says_which_database_it_used(
    database_url: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["token", "create", "--role", "admin", "--name", "n"])
    assert result.exit_code == 0, result.output
    assert f"SQLite file {tmp_path / 'cli.sqlite3'}" in result.output
    assert result.stdout.strip().splitlines()[-1].startswith("bt_")


def test_a_second_demo_tells_the_truth_about_the_call(database_url: str, tmp_path: Path) -> None:
    from api.commandline import command_line_principal
    from api.rounds.schemas import RoundTransition
    from api.rounds.service import RoundService

    instance = tmp_path / "demo.json"
    instance.write_text(json.dumps(factories.instance_document("DEMO-2")))
    first = runner.invoke(app, ["demo", "--no-serve", "--instance", str(instance)])
    assert first.exit_code == 0, first.output
    assert "DEMO-2-next: open for proposals" in first.output
    database = Database.from_url(database_url)
    with database.transaction() as session:
        RoundService(session, command_line_principal()).transition(
            "DEMO-2-next", RoundTransition(to="review"), None
        )
    database.dispose()
    second = runner.invoke(app, ["demo", "--no-serve", "--instance", str(instance)])
    assert second.exit_code == 0, second.output
    assert "DEMO-2: published, solved earlier" in second.output
    assert "DEMO-2-next: review." in second.output
    assert "open for proposals" not in second.output
    assert "/rounds/DEMO-2-next/proposals" not in second.output
    assert '{"to": "open"}' in second.output
