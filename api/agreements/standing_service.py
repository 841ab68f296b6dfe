"""Rules for standing agreements: admins and the coordinators of the facilities an
agreement concerns see and manage it; every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from api.agreements.standing_repository import StandingAgreementRepository
from api.agreements.standing_rules import KIND_FIELDS, checked_terms, concerned_facilities
from api.agreements.standing_schemas import (
    StandingAgreementCreate,
    StandingAgreementRead,
    StandingAgreementUpdate,
)
from api.audit.log import record
from api.auth.principal import Principal, Role
from api.claims import claim_unique
from api.concurrency import check_version
from api.errors import FieldProblem, ForbiddenError, InvalidInputError, NotFoundError
from models.orm import StandingAgreement

_PERIOD_FIELDS = {"name", "in_force_from", "in_force_until"}


def standing_read(agreement: StandingAgreement) -> StandingAgreementRead:
    """An agreement's view."""
    return StandingAgreementRead(
        code=agreement.code,
        name=agreement.name,
        type=agreement.kind,
        mode=agreement.mode,
        weight=agreement.weight,
        terms=dict(agreement.terms),
        in_force_from=agreement.in_force_from,
        in_force_until=agreement.in_force_until,
        version=agreement.version,
    )


def standing_policy(agreement: StandingAgreement) -> dict[str, Any]:
    """The agreement as the format's policy object (its own terms, no round's changes)."""
    return {
        "type": agreement.kind,
        "id": agreement.code,
        "mode": agreement.mode,
        "weight": agreement.weight,
        **agreement.terms,
    }


def _refuse_bad_period(document: dict[str, Any]) -> None:
    until = document.get("in_force_until")
    if until is not None and until <= document["in_force_from"]:
        raise InvalidInputError(
            "the period in force is empty",
            errors=[FieldProblem("body.in_force_until", "must be after in_force_from")],
        )


class StandingAgreementService:
    """Standing agreements, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.agreements = StandingAgreementRepository(session)

    def _concerns_caller(self, agreement: StandingAgreement) -> bool:
        facilities = concerned_facilities(self.session, agreement.kind, agreement.terms)
        return self.principal.coordinates_any(facilities)

    def _require_coordinator(self) -> None:
        if self.principal.role not in {Role.ADMIN, Role.COORDINATOR}:
            raise ForbiddenError("agreements are managed by admins and coordinators")

    def list_visible(self) -> Sequence[StandingAgreement]:
        """The agreements that concern the caller's facilities (all, for admins).

        Raises:
            ForbiddenError: not an admin or coordinator.
        """
        self._require_coordinator()
        return [row for row in self.agreements.all() if self._concerns_caller(row)]

    def get(self, code: str, *, lock: bool = False) -> StandingAgreement:
        """One visible agreement.

        Raises:
            ForbiddenError, NotFoundError: missing or about none of the caller's facilities.
        """
        self._require_coordinator()
        agreement = self.agreements.by_code(code, lock=lock)
        if agreement is None or not self._concerns_caller(agreement):
            raise NotFoundError(f"no agreement {code}")
        return agreement

    def create(self, body: StandingAgreementCreate) -> StandingAgreement:
        """Add a standing agreement.

        Raises:
            ForbiddenError: about facilities the caller does not run.
            InvalidInputError: breaks the format's rules, or names unknown countries or
                facilities, or an empty period.
            AlreadyExistsError: the code is taken.
        """
        self._require_coordinator()
        document = body.model_dump(mode="python", exclude_none=True)
        document["id"] = document.pop("code")
        _refuse_bad_period(document)
        period = {key: document.pop(key) for key in _PERIOD_FIELDS if key in document}
        terms = checked_terms(self.session, document)
        if not self.principal.coordinates_any(concerned_facilities(self.session, body.type, terms)):
            raise ForbiddenError("the agreement concerns none of the facilities you run")
        with claim_unique(self.session, f"agreement {body.code} exists"):
            agreement = self.agreements.add(
                StandingAgreement(
                    code=body.code,
                    name=period.get("name", ""),
                    kind=body.type,
                    mode=body.mode,
                    weight=body.weight,
                    terms=terms,
                    in_force_from=period["in_force_from"],
                    in_force_until=period.get("in_force_until"),
                )
            )
        record(
            self.session,
            self.principal,
            "agreement.create",
            "standing_agreement",
            body.code,
            detail={"type": body.type},
        )
        return agreement

    def update(self, code: str, body: StandingAgreementUpdate, version: int) -> StandingAgreement:
        """Change an agreement under If-Match; its period and terms are checked again.

        Raises:
            NotFoundError, ForbiddenError, PreconditionFailedError, InvalidInputError.
        """
        agreement = self.get(code, lock=True)
        check_version(agreement.version, version)
        changes = body.model_dump(mode="python", exclude_unset=True)
        allowed = KIND_FIELDS[agreement.kind] | {"mode", "weight"} | _PERIOD_FIELDS
        foreign = sorted(set(changes) - allowed)
        if foreign:
            raise InvalidInputError(
                "fields of the other kind of agreement",
                errors=[
                    FieldProblem(f"body.{field}", f"not a field of a {agreement.kind} agreement")
                    for field in foreign
                ],
            )
        period: dict[str, Any] = {
            "name": agreement.name,
            "in_force_from": agreement.in_force_from,
            "in_force_until": agreement.in_force_until,
        } | {key: changes.pop(key) for key in _PERIOD_FIELDS if key in changes}
        _refuse_bad_period(period)
        document = {**standing_policy(agreement), **changes}
        document = {key: value for key, value in document.items() if value is not None}
        terms = checked_terms(self.session, document)
        agreement.mode = document["mode"]
        agreement.weight = document["weight"]
        agreement.terms = terms
        agreement.name = period["name"] or ""
        agreement.in_force_from = period["in_force_from"]
        agreement.in_force_until = period["in_force_until"]
        self.session.flush()
        record(
            self.session,
            self.principal,
            "agreement.update",
            "standing_agreement",
            code,
            detail=body.model_dump(mode="json", exclude_unset=True),
        )
        return agreement
