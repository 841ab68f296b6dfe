"""A booking by hand keeps to its request's terms, unless a coordinator overrides them
with a reason, which is kept with the booking and in the audit log."""

from __future__ import annotations

from api.bookings.terms import RequestTerms, term_breaches

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
    assert "unavailable in shifts 10 to 11" in breaches[0].message


def test_more_shifts_than_the_request_asked_for_is_a_breach() -> None:
    held = RequestTerms(**{**TERMS.__dict__, "held": 5})
    assert _paths("IMPF-A", 2, 2, held) == ["body.length"]
