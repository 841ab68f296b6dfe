"""`beamtime whatif`: the price of each agreement, a per-country table, JSON and HTML reports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "small-demo.json"
VARIANTS = sorted((ROOT / "examples" / "variants").glob("*.json"))


def test_whatif_prices_every_agreement_and_compares_the_variants(tmp_path: Path) -> None:
    output, page = tmp_path / "report.json", tmp_path / "report.html"
    arguments = ["whatif", str(EXAMPLE), "--price", "--time-limit", "2", "-o", str(output)]
    for variant in VARIANTS:
        arguments += ["--variant", str(variant)]
    result = runner.invoke(app, [*arguments, "--html", str(page), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(output.read_text())
    assert report["format"] == "beamtime-whatif/1"
    assert [p["policy"] for p in report["prices"]] == ["JINR-members", "RU-KZ", "RU-BY"]
    for price in report["prices"]:
        assert set(price) >= {"policy", "low", "high", "estimate", "status"}
        assert price["low"] >= 0
        assert price["high"] is None or price["high"] >= price["low"]
    assert len(report["variants"]) == len(VARIANTS)
    assert set(report["base"]["countries"]) == {
        "RU",
        "KZ",
        "BY",
        "UZ",
        "AM",
        "VN",
        "EG",
        "CN",
        "IN",
    }
    for heading in ("Price of each agreement", "Time per country", "Cases"):
        assert heading in result.output
    html = page.read_text()
    assert html.count("<svg") == 2
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_a_variant_with_an_error_is_refused_with_its_path(tmp_path: Path) -> None:
    variant = tmp_path / "bad.json"
    variant.write_text(
        json.dumps(
            {
                "format": "beamtime-variant/1",
                "id": "bad",
                "edits": [{"policy": "RU-KZ", "min_ratio": 0.5}],
            }
        )
    )
    result = runner.invoke(
        app, ["whatif", str(EXAMPLE), "--variant", str(variant), "-o", str(tmp_path / "r.json")]
    )
    assert result.exit_code == 1
    assert "edits[0].min_ratio" in result.output
    assert "reciprocity" in result.output
    assert not (tmp_path / "r.json").exists()
