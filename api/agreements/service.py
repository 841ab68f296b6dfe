"""Rules for agreements: the round's coordinators and admins manage them until it closes.

Agreements are scoped to one round: a policy's thresholds are renegotiated each
cycle, and reciprocity credits are by definition "time obtained outside this
round". Each agreement is checked as the format's policy object, and against the
round (its countries must exist, its facilities must be the round's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.agreements.policies import policy_countries, policy_document
from api.agreements.repository import AgreementRepository
from api.agreements.schemas import AgreementCreate, AgreementRead, AgreementUpdate
from api.audit.log import record
from api.auth.principal import Principal
from api.claims import claim_unique
from api.concurrency import check_version
from api.countries.repository import CountryRepository
from api.errors import AlreadyExistsError, FieldProblem, InvalidInputError, NotFoundError
from api.rounds.lifecycle import require_state
from api.rounds.service import get_run_round
from api.rounds.states import RoundAction, states_allowing
from models.exchange import ContributionSharePolicy, ReciprocityPolicy
from models.exchange.problems import format_path, problems_of
from models.exchange.rules import policy_problems
from models.orm import Agreement, Round

EDITABLE_STATES = states_allowing(RoundAction.EDIT_AGREEMENTS)
_KIND_FIELDS = {
    "contribution_share": {
        "facilities",
        "shares",
        "min_ratio",
        "max_ratio",
        "non_member_max_fraction",
    },
    "reciprocity": {"countries", "ratio", "tolerance", "credit"},
}


def agreement_read(agreement: Agreement) -> AgreementRead:
    """An agreement's view."""
    return AgreementRead(
        code=agreement.code,
        type=agreement.kind,
        mode=agreement.mode,
        weight=agreement.weight,
        terms=dict(agreement.terms),
        version=agreement.version,
    )


class AgreementService:
    """Agreements of rounds, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.agreements = AgreementRepository(session)

    def list_visible(self, round_code: str) -> Sequence[Agreement]:
        """The round's agreements.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        return self.agreements.of_round(round_.id)

    def get(self, round_code: str, code: str) -> Agreement:
        """One agreement.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        agreement = self.agreements.by_code(round_.id, code)
        if agreement is None:
            raise NotFoundError(f"no agreement {code} in round {round_code}")
        return agreement

    def _checked(self, round_: Round, document: dict[str, Any]) -> dict[str, Any]:
        """The policy's kind-specific terms, after checking it as the format would.

        Raises:
            InvalidInputError: listing every problem.
        """
        model = (
            ContributionSharePolicy
            if document["type"] == "contribution_share"
            else ReciprocityPolicy
        )
        try:
            policy = model.model_validate(document)
        except ValidationError as error:
            raise InvalidInputError(
                "the agreement breaks the format's rules",
                errors=[FieldProblem(f"body.{p.path}", p.message) for p in problems_of(error)],
            ) from None
        problems = []
        known = CountryRepository(self.session).by_codes(policy_countries(document))
        problems += [
            FieldProblem("body", f"no country {code}")
            for code in sorted(policy_countries(document) - set(known))
        ]
        if isinstance(policy, ContributionSharePolicy):
            round_facilities = {facility.code for facility in round_.facilities}
            problems += [
                FieldProblem(f"body.facilities[{i}]", f"{code} is not in the round")
                for i, code in enumerate(policy.facilities)
                if code not in round_facilities
            ]
        problems += [
            FieldProblem(format_path(("body", *p.loc)), p.message) for p in policy_problems(policy)
        ]
        if problems:
            raise InvalidInputError("the agreement does not fit the round", errors=problems)
        terms = policy.model_dump(mode="json", exclude={"type", "id", "mode", "weight"})
        return {key: value for key, value in terms.items() if value is not None}

    def create(self, round_code: str, body: AgreementCreate) -> Agreement:
        """Add an agreement to a round.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            AlreadyExistsError, InvalidInputError.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, EDITABLE_STATES, "changing agreements")
        if self.agreements.by_code(round_.id, body.code) is not None:
            raise AlreadyExistsError(f"agreement {body.code} exists in round {round_code}")
        document = body.model_dump(mode="json", exclude_none=True)
        document["id"] = document.pop("code")
        terms = self._checked(round_, document)
        with claim_unique(self.session, f"agreement {body.code} exists in round {round_code}"):
            agreement = self.agreements.add(
                Agreement(
                    round_id=round_.id,
                    code=body.code,
                    kind=body.type,
                    mode=body.mode,
                    weight=body.weight,
                    terms=terms,
                )
            )
        record(
            self.session,
            self.principal,
            "agreement.create",
            "agreement",
            body.code,
            round_code=round_code,
            detail={"type": body.type},
        )
        return agreement

    def update(self, round_code: str, code: str, body: AgreementUpdate, version: int) -> Agreement:
        """Change an agreement (e.g. its credits) under If-Match.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            PreconditionFailedError, InvalidInputError.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        agreement = self.agreements.by_code(round_.id, code)
        if agreement is None:
            raise NotFoundError(f"no agreement {code} in round {round_code}")
        require_state(round_.state, EDITABLE_STATES, "changing agreements")
        check_version(agreement.version, version)
        changes = body.model_dump(mode="json", exclude_unset=True)
        foreign = sorted(set(changes) - _KIND_FIELDS[agreement.kind] - {"mode", "weight"})
        if foreign:
            raise InvalidInputError(
                "fields of the other kind of agreement",
                errors=[
                    FieldProblem(f"body.{field}", f"not a field of a {agreement.kind} agreement")
                    for field in foreign
                ],
            )
        document = {**policy_document(agreement), **changes}
        terms = self._checked(round_, document)
        agreement.mode = document["mode"]
        agreement.weight = document["weight"]
        agreement.terms = terms
        self.session.flush()
        record(
            self.session,
            self.principal,
            "agreement.update",
            "agreement",
            code,
            round_code=round_code,
            detail=changes,
        )
        return agreement

    def delete(self, round_code: str, code: str, version: int) -> None:
        """Remove an agreement under If-Match.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, PreconditionFailedError.
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        agreement = self.agreements.by_code(round_.id, code)
        if agreement is None:
            raise NotFoundError(f"no agreement {code} in round {round_code}")
        require_state(round_.state, EDITABLE_STATES, "changing agreements")
        check_version(agreement.version, version)
        self.agreements.delete(agreement)
        record(
            self.session,
            self.principal,
            "agreement.delete",
            "agreement",
            code,
            round_code=round_code,
        )
