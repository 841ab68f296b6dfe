"""A report from the cases finished so far, as the service gathers them."""

from __future__ import annotations

from models.exchange import dump_document
from models.exchange.variant import PolicyEdit, Variant
from scheduler.whatif.cases import study_cases
from scheduler.whatif.gather import FinishedCase, gather_report
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import reciprocity_policy
from tests.scheduler.whatif.rounds import exchange_round

WIDER = Variant(
    format="beamtime-variant/1", id="wider", edits=(PolicyEdit(policy="RU-KZ", tolerance=3),)
)


def finished_cases(*keys: str) -> dict[str, FinishedCase]:
    round_ = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    return {
        case.key: (
            case.kind,
            case.subject,
            dump_document(case.instance),
            dump_document(solved(case.instance)),
        )
        for case in study_cases(round_, [WIDER], price=True)
        if case.key in keys
    }


def test_nothing_is_reported_before_the_base_has_a_solution() -> None:
    assert gather_report(finished_cases("variant:wider", "without:RU-KZ"), [WIDER]) is None


def test_a_report_holds_only_the_cases_finished_so_far() -> None:
    report = gather_report(finished_cases("base", "variant:wider"), [WIDER])
    assert report is not None
    assert [v.id for v in report.variants] == ["wider"]
    assert report.prices is None


def test_a_price_appears_once_the_round_without_its_policy_is_solved() -> None:
    report = gather_report(finished_cases("base", "without:RU-KZ"), [WIDER])
    assert report is not None
    assert report.variants == []
    assert report.prices is not None
    (price,) = report.prices
    assert (price.policy, price.status, price.estimate) == ("RU-KZ", "exact", None)
