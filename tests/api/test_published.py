"""A published round's decisions follow its bookings, so they never contradict them."""

from __future__ import annotations

from api.exports.published import BookedBlock, RequestFacts, published_solution
from models.exchange import Solution

ACCEPTED = Solution.model_validate(
    {
        "format": "beamtime-solution/1",
        "round": "R",
        "status": "feasible",
        "objective": 10.0,
        "assignments": [{"request": "P-1/a", "instrument": "I-A", "blocks": [[0, 4]]}],
        "decisions": [
            {"proposal": "P-1", "outcome": "awarded"},
            {
                "proposal": "P-2",
                "outcome": "rejected",
                "reasons": [{"code": "objective", "request": "P-2/a", "message": "lower score"}],
            },
        ],
    }
)
REQUESTS = {"P-1/a": RequestFacts("P-1", 4), "P-2/a": RequestFacts("P-2", 3)}


def _block(request: str, start: int, length: int, status: str = "awarded") -> BookedBlock:
    return BookedBlock(request, "I-A", start, length, status, "allocation")


def test_bookings_as_published_keep_every_decision() -> None:
    published = published_solution(ACCEPTED, [_block("P-1/a", 0, 4)], REQUESTS)
    assert published.decisions == ACCEPTED.decisions
    assert published.assignments == ACCEPTED.assignments


def test_a_declined_booking_rejects_the_proposal_and_says_why() -> None:
    published = published_solution(ACCEPTED, [_block("P-1/a", 0, 4, "declined")], REQUESTS)
    first = published.decisions[0]
    assert first.outcome == "rejected"
    assert [(r.code, r.request) for r in first.reasons] == [("booking", "P-1/a")]
    assert "declined by the group" in first.reasons[0].message
    assert published.assignments == ()


def test_a_rejected_proposal_booked_by_hand_in_full_is_awarded() -> None:
    bookings = [_block("P-1/a", 0, 4), _block("P-2/a", 5, 3)]
    published = published_solution(ACCEPTED, bookings, REQUESTS)
    second = published.decisions[1]
    assert (second.outcome, second.reasons) == ("awarded", ())
    assert [a.request for a in published.assignments] == ["P-1/a", "P-2/a"]


def test_time_cut_short_makes_a_partial_award() -> None:
    bookings = [_block("P-1/a", 0, 2), _block("P-1/a", 2, 2, "cancelled")]
    first = published_solution(ACCEPTED, bookings, REQUESTS).decisions[0]
    assert first.outcome == "partial"
    assert "cancelled by a coordinator" in first.reasons[0].message
    assert "now holds 2" in first.reasons[0].message
