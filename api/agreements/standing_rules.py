"""Rules of a standing agreement: the format's policy rules, known countries and
facilities, and which facilities (hence which coordinators) it concerns."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.agreements.policies import policy_countries
from api.agreements.standing_repository import StandingAgreementRepository
from api.countries.repository import CountryRepository
from api.errors import FieldProblem, InvalidInputError
from models.exchange import ContributionSharePolicy, ReciprocityPolicy
from models.exchange.problems import format_path, problems_of
from models.exchange.rules import policy_problems

KIND_FIELDS = {
    "contribution_share": frozenset(
        {"facilities", "shares", "min_ratio", "max_ratio", "non_member_max_fraction", "history"}
    ),
    "reciprocity": frozenset({"countries", "ratio", "tolerance", "credit"}),
}
"""The kind-specific fields of each policy kind (the rest are `mode` and `weight`)."""

THRESHOLDS = {
    "contribution_share": frozenset({"min_ratio", "max_ratio", "non_member_max_fraction"}),
    "reciprocity": frozenset({"ratio", "tolerance"}),
}
"""The fields a round may adjust for itself."""


def checked_terms(session: Session, document: dict[str, Any]) -> dict[str, Any]:
    """The kind-specific terms of a policy document (`type`, `id`, `mode`, `weight`, ...),
    after checking it as the format would and against the known countries and facilities.

    Raises:
        InvalidInputError: listing every problem with its `body.` path.
    """
    model = (
        ContributionSharePolicy if document["type"] == "contribution_share" else ReciprocityPolicy
    )
    try:
        policy = model.model_validate(document)
    except ValidationError as error:
        raise InvalidInputError(
            "the agreement breaks the format's rules",
            errors=[FieldProblem(f"body.{p.path}", p.message) for p in problems_of(error)],
        ) from None
    named = policy_countries(document) | set(document.get("history") or {})
    known = CountryRepository(session).by_codes(named)
    problems = [
        FieldProblem(path, f"no country {code}")
        for code in sorted(named - set(known))
        for path in _country_paths(document, code)
    ]
    if isinstance(policy, ContributionSharePolicy):
        existing = StandingAgreementRepository(session).facility_codes(set(policy.facilities))
        problems += [
            FieldProblem(f"body.facilities[{i}]", f"no facility {code}")
            for i, code in enumerate(policy.facilities)
            if code not in existing
        ]
    problems += [
        FieldProblem(format_path(("body", *p.loc)), p.message) for p in policy_problems(policy)
    ]
    if problems:
        raise InvalidInputError("the agreement is not valid", errors=problems)
    terms = policy.model_dump(mode="json", exclude={"type", "id", "mode", "weight"})
    return {key: value for key, value in terms.items() if value is not None}


def _country_paths(document: dict[str, Any], code: str) -> list[str]:
    """Where a policy document names a country."""
    paths = [
        f"body.countries[{i}]" for i, c in enumerate(document.get("countries", [])) if c == code
    ]
    paths.extend(
        f"body.{field}.{code}"
        for field in ("shares", "credit", "history")
        if code in (document.get(field) or {})
    )
    return paths


def concerned_facilities(session: Session, kind: str, terms: dict[str, Any]) -> set[str]:
    """Codes of the facilities an agreement is about: a contribution share's own, or every
    facility hosted by one of a reciprocity's two countries."""
    if kind == "contribution_share":
        return set(terms.get("facilities", []))
    return StandingAgreementRepository(session).facilities_hosted_by(set(terms["countries"]))
