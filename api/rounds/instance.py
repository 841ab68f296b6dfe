"""Exporting a round as a `beamtime-instance/1` document.

The export is the round as the solver and the checker see it: the round's
facilities with all their instruments (closed periods, and the time other rounds'
bookings hold on them, turned into closed shifts), every
proposal with its score (see `api.reviews.scoring`), precedences and agreements.
Countries are those the document names. The result is validated by the exchange
models, so a successful export always parses with `parse_instance`.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.agreements.in_force import taken_agreements
from api.agreements.policies import policy_countries, policy_document
from api.agreements.repository import AgreementRepository
from api.bookings.repository import BookingRepository
from api.countries.repository import CountryRepository
from api.errors import FieldProblem, RoundInconsistentError
from api.proposals.repository import ProposalRepository
from api.reviews.scoring import score_of
from api.rounds.calendar import closed_shift_intervals
from api.rounds.export_rows import ProposalRow, proposal_rows
from api.rounds.repository import RoundRepository
from models.exchange import INSTANCE_FORMAT, Instance
from models.exchange.problems import problems_of
from models.orm import Country, Round


def _proposal_document(proposal: ProposalRow, score: float) -> dict[str, Any]:
    return {
        "id": proposal.code,
        "title": proposal.title,
        "score": score,
        "countries": proposal.countries,
        "coupled": proposal.coupled,
        "requests": proposal.requests,
    }


def instance_document(session: Session, round_: Round) -> dict[str, Any]:
    """The round as an instance document (a JSON-ready dict), not yet validated.

    Raises:
        RoundInconsistentError: some proposals have no score yet.
    """
    facilities = RoundRepository(session).facilities_with_calendars(round_)
    # Other rounds' bookings hold their time on the instruments this round shares with
    # them; a shift they touch is closed whole, since the format has no partial capacity.
    taken_elsewhere = BookingRepository(session).held_by_other_rounds(
        round_, [i.id for f in facilities for i in f.instruments]
    )
    proposals = proposal_rows(session, round_.id)
    problems: list[FieldProblem] = []
    proposal_documents = []
    for proposal in proposals:
        score = score_of(proposal.explicit_score, proposal.review_scores)
        if score is None:
            problems.append(
                FieldProblem(
                    f"proposals[{proposal.code}].score", "has no review and no explicit score yet"
                )
            )
            continue
        proposal_documents.append(_proposal_document(proposal, score))
    if problems:
        raise RoundInconsistentError(
            f"{len(problems)} proposal(s) of {round_.code} have no score yet", errors=problems
        )
    policies = [policy_document(a) for a in AgreementRepository(session).of_round(round_.id)]
    policies += [taken.policy for taken in taken_agreements(session, round_)]
    named = {facility.host_country.code for facility in facilities}
    for proposal in proposals:
        named |= set(proposal.countries)
    for policy in policies:
        named |= policy_countries(policy)
    countries = CountryRepository(session).by_codes(named).values()
    return {
        "format": INSTANCE_FORMAT,
        "round": {
            "id": round_.code,
            "name": round_.name,
            "start": round_.start.isoformat().replace("+00:00", "Z"),
            "shift_hours": round_.shift_hours,
            "n_shifts": round_.n_shifts,
        },
        "countries": [{"code": c.code, "name": c.name} for c in sorted(countries, key=_code)],
        "facilities": [
            {"id": f.code, "name": f.name, "host_country": f.host_country.code} for f in facilities
        ],
        "instruments": [
            {
                "id": instrument.code,
                "facility": facility.code,
                "name": instrument.name,
                "capacity": instrument.capacity,
                "closed": [
                    list(interval)
                    for interval in closed_shift_intervals(
                        [(p.starts_at, p.ends_at) for p in instrument.closed_periods]
                        + taken_elsewhere.get(instrument.id, []),
                        round_,
                    )
                ],
            }
            for facility in facilities
            for instrument in facility.instruments
        ],
        "proposals": proposal_documents,
        "precedences": [
            {"before": p.before.code, "after": p.after.code, "min_gap": p.min_gap}
            for p in ProposalRepository(session).precedences(round_.id)
        ],
        "policies": policies,
    }


def export_instance(session: Session, round_: Round) -> Instance:
    """The round as a validated instance.

    Raises:
        RoundInconsistentError: unscored proposals, or data that break the format's rules
            (listed with their JSON paths).
    """
    document = instance_document(session, round_)
    try:
        return Instance.model_validate(document)
    except ValidationError as error:
        problems = [FieldProblem(p.path, p.message) for p in problems_of(error)]
        raise RoundInconsistentError(
            f"{round_.code} is not a valid instance yet", errors=problems
        ) from None


def _code(country: Country) -> str:
    return country.code
