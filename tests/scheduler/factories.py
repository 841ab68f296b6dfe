"""Small typed builders of instances, solutions and reasons for the scheduler tests.

Every instance has the countries RU, KZ and CN and two facilities: NICA,
hosted by RU, and INP, hosted by KZ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.exchange import (
    Assignment,
    CapacityReason,
    ContributionSharePolicy,
    CoupledReason,
    Decision,
    Instance,
    Instrument,
    ObjectiveReason,
    OutrankedReason,
    Policy,
    PolicyReason,
    PolicyViolation,
    Precedence,
    PrecedenceReason,
    Proposal,
    Reason,
    ReciprocityPolicy,
    Request,
    Solution,
    UnplaceableReason,
)
from models.exchange.solution import Outcome, Status

Span = tuple[int, int]
"""An interval `[start, end)` or a block `[start, length]`, in shifts."""

ROUND_ID = "2027-T"


def instrument(
    instrument_id: str, facility: str = "NICA", capacity: int = 1, closed: Sequence[Span] = ()
) -> Instrument:
    """An instrument of `facility` (NICA or INP) with `closed` intervals `[start, end)`."""
    return Instrument(id=instrument_id, facility=facility, capacity=capacity, closed=tuple(closed))


def request(
    request_id: str,
    instruments: Sequence[str],
    shifts: int,
    *,
    min_shifts: int | None = None,
    min_block: int | None = None,
    release: int = 0,
    deadline: int = 24,
    unavailable: Sequence[Span] = (),
) -> Request:
    """A request; `min_shifts` and `min_block` take the format's defaults when left out."""
    data: dict[str, Any] = {
        "id": request_id,
        "instruments": list(instruments),
        "shifts": shifts,
        "release": release,
        "deadline": deadline,
        "unavailable": [list(span) for span in unavailable],
    }
    if min_shifts is not None:
        data["min_shifts"] = min_shifts
    if min_block is not None:
        data["min_block"] = min_block
    return Request.model_validate(data)


def proposal(
    proposal_id: str,
    score: float,
    requests: Sequence[Request],
    countries: dict[str, float] | None = None,
    *,
    coupled: bool = True,
) -> Proposal:
    """A proposal; its time goes to RU unless `countries` says otherwise."""
    return Proposal(
        id=proposal_id,
        score=score,
        countries=countries or {"RU": 1.0},
        coupled=coupled,
        requests=tuple(requests),
    )


def precedence(before: str, after: str, min_gap: int = 0) -> Precedence:
    """`after` only if `before`, starting `min_gap` shifts after its end."""
    return Precedence(before=before, after=after, min_gap=min_gap)


def contribution_policy(policy_id: str, **fields: Any) -> ContributionSharePolicy:
    """A `contribution_share` policy; `fields` as in the format (facilities, shares, ...)."""
    return ContributionSharePolicy.model_validate(
        {"type": "contribution_share", "id": policy_id, **fields}
    )


def reciprocity_policy(policy_id: str, **fields: Any) -> ReciprocityPolicy:
    """A `reciprocity` policy; `fields` as in the format (countries, tolerance, credit, ...)."""
    return ReciprocityPolicy.model_validate({"type": "reciprocity", "id": policy_id, **fields})


def instance(
    proposals: Sequence[Proposal],
    instruments: Sequence[Instrument],
    *,
    precedences: Sequence[Precedence] = (),
    policies: Sequence[Policy] = (),
    n_shifts: int = 24,
    replan: dict[str, Any] | None = None,
) -> Instance:
    """A validated instance of round `ROUND_ID`; `replan` as in the format, if given."""
    return Instance.model_validate(
        {
            "format": "beamtime-instance/1",
            "round": {"id": ROUND_ID, "start": "2027-02-01T08:00:00Z", "n_shifts": n_shifts},
            "countries": [{"code": code} for code in ("RU", "KZ", "CN")],
            "facilities": [
                {"id": "NICA", "host_country": "RU"},
                {"id": "INP", "host_country": "KZ"},
            ],
            "instruments": list(instruments),
            "proposals": list(proposals),
            "precedences": list(precedences),
            "policies": list(policies),
            **({"replan": replan} if replan is not None else {}),
        }
    )


def assignment(request_id: str, instrument_id: str, *blocks: Span) -> Assignment:
    """An award of `blocks` `[start, length]` on an instrument."""
    return Assignment(request=request_id, instrument=instrument_id, blocks=blocks)


def violation(policy_id: str, shifts: float) -> PolicyViolation:
    """A reported policy violation, in shifts."""
    return PolicyViolation(id=policy_id, violation=shifts)


def decision(proposal_id: str, outcome: Outcome, *reasons: Reason) -> Decision:
    """A proposal's decision with its reasons."""
    return Decision(proposal=proposal_id, outcome=outcome, reasons=reasons)


def solution(
    assignments: Sequence[Assignment] = (),
    decisions: Sequence[Decision] = (),
    *,
    policies: Sequence[PolicyViolation] = (),
    status: Status = "feasible",
    objective: float | None = 0.0,
    bound: float | None = None,
    conflict: Sequence[str] | None = None,
) -> Solution:
    """A solution of round `ROUND_ID`."""
    return Solution(
        format="beamtime-solution/1",
        round=ROUND_ID,
        status=status,
        objective=objective,
        bound=bound,
        assignments=tuple(assignments),
        policies=tuple(policies),
        decisions=tuple(decisions),
        conflict=None if conflict is None else tuple(conflict),
    )


def unplaceable(request_id: str) -> UnplaceableReason:
    """An `unplaceable` reason."""
    return UnplaceableReason(code="unplaceable", request=request_id)


def capacity(request_id: str, *instruments: str) -> CapacityReason:
    """A `capacity` reason listing `instruments`."""
    return CapacityReason(code="capacity", request=request_id, instruments=instruments)


def outranked(request_id: str, cutoff_score: float) -> OutrankedReason:
    """An `outranked` reason with its cutoff score."""
    return OutrankedReason(code="outranked", request=request_id, cutoff_score=cutoff_score)


def policy_reason(request_id: str, policy_id: str) -> PolicyReason:
    """A `policy` reason naming a policy."""
    return PolicyReason(code="policy", request=request_id, policy=policy_id)


def precedence_reason(request_id: str, before: str) -> PrecedenceReason:
    """A `precedence` reason naming the `before` request."""
    return PrecedenceReason(code="precedence", request=request_id, before=before)


def coupled(request_id: str, sibling: str) -> CoupledReason:
    """A `coupled` reason naming a sibling request."""
    return CoupledReason(code="coupled", request=request_id, sibling=sibling)


def objective_reason(request_id: str) -> ObjectiveReason:
    """An `objective` reason."""
    return ObjectiveReason(code="objective", request=request_id)


def delivered(request_id: str, instrument_id: str, shifts: int) -> dict[str, Any]:
    """A `replan.delivered` entry: `shifts` received on an instrument before `now`."""
    return {"request": request_id, "instrument": instrument_id, "shifts": shifts}


def baseline(request_id: str, instrument_id: str, *blocks: Span) -> dict[str, Any]:
    """A `replan.baseline` entry: the blocks `[start, length]` being revised."""
    return {"request": request_id, "instrument": instrument_id, "blocks": [list(b) for b in blocks]}
