"""`beamtime replan` then `beamtime solve`: a revision after an outage that the checker accepts."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from models.exchange import parse_instance, parse_solution
from scheduler.checking import check_solution

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"
ROUND = DATA / "spec-example-small.json"


def published(tmp_path: Path) -> Path:
    output = tmp_path / "published.json"
    result = runner.invoke(app, ["solve", str(ROUND), "-o", str(output), "-q", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    return output


def test_replan_then_solve_revises_the_round_after_an_outage(tmp_path: Path) -> None:
    instance = parse_instance(ROUND.read_bytes())
    schedule = published(tmp_path)
    lost = "IBR2-DN6"  # (losing NICA-SOCHI makes the hard RU-KZ agreement impossible)
    third = instance.round.n_shifts // 3
    replan_path = tmp_path / "replan.json"
    result = runner.invoke(
        app,
        [
            "replan",
            str(ROUND),
            str(schedule),
            "--now",
            str(third),
            "--outage",
            f"{lost}:{third}:{instance.round.n_shifts}",
            "--change-weight",
            "2",
            "-o",
            str(replan_path),
        ],
    )
    assert result.exit_code == 0, result.output
    replan = parse_instance(replan_path.read_bytes())
    assert replan.replan is not None
    assert replan.replan.now == third
    assert replan.replan.change_weight == 2.0
    closed = next(i for i in replan.instruments if i.id == lost).closed
    assert (third, instance.round.n_shifts) in closed

    revision_path = tmp_path / "revision.json"
    result = runner.invoke(
        app, ["solve", str(replan_path), "-o", str(revision_path), "--time-limit", "5"]
    )
    assert result.exit_code == 0, result.output
    revision = parse_solution(revision_path.read_bytes())
    report = check_solution(replan, revision)
    assert report.valid, [str(b) for b in report.breaches]
    assert f"Revision from shift {third}" in result.output
    assert "Agreements before and after" in result.output
    assert revision.changed is not None


def test_now_may_be_a_date_and_time(tmp_path: Path) -> None:
    # The round starts 2027-02-01T08:00Z with 8-hour shifts: 10:00 on 2 February, 26 hours
    # in, is inside shift 3, which has begun, so the first shift that may change is 4.
    replan_path = tmp_path / "replan.json"
    result = runner.invoke(
        app,
        [
            "replan",
            str(ROUND),
            str(published(tmp_path)),
            "--now",
            "2027-02-02T10:00:00+00:00",
            "-o",
            str(replan_path),
        ],
    )
    assert result.exit_code == 0, result.output
    replan = parse_instance(replan_path.read_bytes())
    assert replan.replan is not None
    assert replan.replan.now == 4


def test_an_outage_on_an_unknown_instrument_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "replan",
            str(ROUND),
            str(published(tmp_path)),
            "--now",
            "3",
            "--outage",
            "NOWHERE:3:9",
            "-o",
            str(tmp_path / "replan.json"),
        ],
    )
    assert result.exit_code == 1
    assert "unknown instrument 'NOWHERE'" in result.output


def test_a_malformed_outage_says_how_to_write_it(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "replan",
            str(ROUND),
            str(published(tmp_path)),
            "--now",
            "3",
            "--outage",
            "X",
            "-o",
            "o.json",
        ],
    )
    assert result.exit_code != 0
    assert "INSTRUMENT:START:END" in result.output
