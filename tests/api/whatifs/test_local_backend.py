"""What-if studies run for real on the local backend: each case in its own worker process,
results gathered as they arrive, the round and its allocations untouched."""

from __future__ import annotations

from sqlalchemy import func, select

from api.auth.principal import Role
from models.orm import Allocation
from tests.api.helpers import Api
from tests.api.ui.visitors import Visitor
from tests.api.whatifs.helpers import ROUND, THREE_VARIANTS, imported_round, wait_for_whatif


def test_three_variants_and_a_price_are_solved_side_by_side(live_api: Api) -> None:
    coordinator = imported_round(live_api)
    started = coordinator.ok(
        "POST",
        f"/rounds/{ROUND}/whatifs",
        202,
        json={"variants": THREE_VARIANTS, "price": True, "time_limit": 5},
    )
    study = wait_for_whatif(coordinator, started["id"])
    assert {case["status"] for case in study["cases"]} == {"succeeded"}
    report = study["report"]
    assert report["format"] == "beamtime-whatif/1"
    variants = {v["id"]: v for v in report["variants"]}
    assert list(variants) == ["tight", "dropped", "owed"]
    assert variants["owed"]["status"] == "infeasible"
    assert variants["owed"]["conflict"] == ["RU-KZ"]
    assert variants["dropped"]["agreements"] == []
    assert variants["dropped"]["objective"] >= report["base"]["objective"] - 1e-6
    (price,) = report["prices"]
    assert price["policy"] == "RU-KZ"
    assert price["status"] == "exact"
    assert price["low"] == price["high"] >= 0
    assert price["estimate"] is None
    with live_api.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Allocation)) == 0


def test_the_page_shows_the_variants_side_by_side(live_api: Api) -> None:
    coordinator = imported_round(live_api)
    started = coordinator.ok(
        "POST",
        f"/rounds/{ROUND}/whatifs",
        202,
        json={"variants": THREE_VARIANTS, "price": True, "time_limit": 5},
    )
    wait_for_whatif(coordinator, started["id"])
    visitor = Visitor(live_api.client)
    visitor.sign_in(live_api.token(Role.COORDINATOR, facilities=("IMPF",)))
    page = visitor.get(f"/ui/whatifs/{started['id']}")
    assert page.status_code == 200, page.text[:2000]
    html = page.text
    for variant_id in ("tight", "dropped", "owed"):
        assert f'data-variant="{variant_id}"' in html
    assert 'data-policy="RU-KZ"' in html
    assert html.count("<svg") == 2
    assert "conflicting rules RU-KZ" in html
    listing = visitor.get(f"/ui/rounds/{ROUND}/whatifs")
    assert listing.status_code == 200, listing.text[:2000]
    assert f'href="/ui/whatifs/{started["id"]}"' in listing.text
    stranger = Visitor(live_api.client)
    stranger.sign_in(live_api.token(Role.COORDINATOR, facilities=("ELSEWHERE",)))
    assert stranger.get(f"/ui/whatifs/{started['id']}").status_code == 404
