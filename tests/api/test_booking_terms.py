"""A booking by hand keeps to its request's terms, unless a coordinator overrides them
with a reason, which is kept with the booking and in the audit log."""

from __future__ import annotations

from api.bookings.terms import RequestTerms, term_breaches
from tests.api import operations_world as world
from tests.api.helpers import Api, problem

TERMS = RequestTerms(
    code="P-1/a",
    instruments=("IMPF-A", "IMPF-B"),
    shifts=6,
    min_block=2,
    release=2,
    deadline=18,
    unavailable=((10, 12),),
    held=0,
)


def _paths(instrument: str, start: int, length: int, terms: RequestTerms = TERMS) -> list[str]:
    return [breach.path for breach in term_breaches(terms, instrument, start, length)]


def test_a_block_within_the_terms_breaks_nothing() -> None:
    assert _paths("IMPF-B", 2, 6) == []
    assert _paths("IMPF-A", 12, 6) == []


def test_an_instrument_the_request_did_not_ask_for_is_a_breach() -> None:
    assert _paths("IMPF-C", 2, 2) == ["body.instrument"]


def test_a_block_shorter_than_min_block_is_a_breach() -> None:
    assert _paths("IMPF-A", 2, 1) == ["body.length"]


def test_a_block_outside_the_window_is_a_breach() -> None:
    assert _paths("IMPF-A", 0, 3) == ["body.start"]
    assert _paths("IMPF-A", 16, 3) == ["body.start"]


def test_a_block_over_the_teams_unavailability_is_a_breach() -> None:
    breaches = term_breaches(TERMS, "IMPF-A", 8, 3)
    assert [b.path for b in breaches] == ["body.start"]
    assert "unavailable: shifts 10 to 11" in breaches[0].message


def test_the_breaches_name_the_dates_of_the_rounds_calendar() -> None:
    def written(first: int, end: int) -> str:
        return f"day {first} to day {end}"

    (window,) = term_breaches(TERMS, "IMPF-A", 0, 3, written)
    assert window.message == "the block leaves P-1/a's window, day 2 to day 18 (shifts 2 to 17)"
    (unavailable,) = term_breaches(TERMS, "IMPF-A", 8, 3, written)
    assert "unavailable: day 10 to day 12 (shifts 10 to 11)" in unavailable.message


def test_more_shifts_than_the_request_asked_for_is_a_breach() -> None:
    held = RequestTerms(**{**TERMS.__dict__, "held": 5})
    assert _paths("IMPF-A", 2, 2, held) == ["body.length"]


def test_a_booking_by_hand_outside_the_window_is_refused_in_dates(api: Api) -> None:
    runner = world.coordinator(api)
    world.imported_round(runner, "R-1", world.FUTURE_START)  # 2031-02-03 08:00 UTC
    world.publish(runner, "R-1")
    slot = {"request": "P-3/b", "instrument": "IMPF-B", "start": 0, "length": 2}
    refused = problem(runner.post("/rounds/R-1/bookings", json=slot), 422)
    messages = [error["message"] for error in refused["errors"]]
    assert (
        "the block leaves P-3/b's window, 2031-02-05 00:00 to 2031-02-08 08:00 UTC "
        "(shifts 5 to 14)" in messages
    )
