"""The service's error hierarchy; each error carries its HTTP status and problem type.

Every expected failure is raised as a `BeamtimeError` subclass and rendered by one
handler (`api.problems`) as RFC 9457 `application/problem+json`. Unexpected
exceptions become a plain 500 problem without internals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One invalid input: where (`requests[0].min_block`) and why."""

    path: str
    message: str


class BeamtimeError(Exception):
    """Base of every error the service reports to clients.

    Attributes:
        status: the HTTP status code.
        slug: the problem type, served at `/problems/{slug}`.
        title: a short, fixed summary of the problem type.
    """

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal error"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldProblem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})


class MalformedRequestError(BeamtimeError):
    """The body cannot be read as JSON: not UTF-8, broken syntax, or nested too deep."""

    status = 400
    slug = "malformed-request"
    title = "Malformed request"


class MethodNotAllowedError(BeamtimeError):
    """The resource exists but does not take this method; `Allow` lists those it takes."""

    status = 405
    slug = "method-not-allowed"
    title = "Method not allowed"


class HttpError(BeamtimeError):
    """Another HTTP-level error of the framework, with its own status."""

    slug = "http-error"
    title = "HTTP error"

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class NotAuthenticatedError(BeamtimeError):
    """No bearer token, or one that is unknown or revoked."""

    status = 401
    slug = "not-authenticated"
    title = "Not authenticated"

    def __init__(self, detail: str = "a valid bearer token is required") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class ForbiddenError(BeamtimeError):
    """The caller is known but its role may not do this."""

    status = 403
    slug = "forbidden"
    title = "Forbidden"


class NotFoundError(BeamtimeError):
    """Missing, or not visible to the caller: the two are indistinguishable on purpose."""

    status = 404
    slug = "not-found"
    title = "Not found"


class ConflictError(BeamtimeError):
    """The request contradicts the current state of a resource."""

    status = 409
    slug = "conflict"
    title = "Conflict"


class LifecycleConflictError(ConflictError):
    """The round (or job, or booking) is not in a state that allows this."""

    slug = "lifecycle-conflict"
    title = "Not allowed in the current state"


class CapacityExceededError(ConflictError):
    """Booking these shifts would exceed the instrument's capacity."""

    slug = "capacity-exceeded"
    title = "Instrument capacity exceeded"


class AlreadyExistsError(ConflictError):
    """A resource with this code already exists."""

    slug = "already-exists"
    title = "Already exists"


class IdempotencyInProgressError(ConflictError):
    """Another request with the same Idempotency-Key has not finished."""

    slug = "idempotency-in-progress"
    title = "Request with this key in progress"


class PreconditionFailedError(BeamtimeError):
    """If-Match names a version that is no longer current."""

    status = 412
    slug = "precondition-failed"
    title = "Precondition failed"


class PreconditionRequiredError(BeamtimeError):
    """An edit without If-Match: the caller must say which version it changes."""

    status = 428
    slug = "precondition-required"
    title = "Precondition required"


class PayloadTooLargeError(BeamtimeError):
    """The request body is larger than the configured limit."""

    status = 413
    slug = "payload-too-large"
    title = "Payload too large"


class InvalidInputError(BeamtimeError):
    """The request is well-formed but some fields break the rules; `errors` lists each."""

    status = 422
    slug = "invalid-input"
    title = "Invalid input"


class InvalidDocumentError(InvalidInputError):
    """An instance or solution document with problems, each with its JSON path."""

    slug = "invalid-document"
    title = "Invalid document"


class SolutionRejectedError(InvalidInputError):
    """A solution that the checker does not accept for this round."""

    slug = "solution-rejected"
    title = "Solution rejected by the checker"


class IdempotencyKeyReusedError(InvalidInputError):
    """The Idempotency-Key was used before with a different request body."""

    slug = "idempotency-key-reused"
    title = "Idempotency-Key reused with a different request"


class RoundInconsistentError(ConflictError):
    """The round's data do not form a valid instance yet (e.g. unscored proposals)."""

    slug = "round-inconsistent"
    title = "The round is not a valid instance yet"


class StaleReplanError(ConflictError):
    """The bookings changed since the re-plan started: its candidate revises old bookings."""

    slug = "stale-replan"
    title = "The re-plan's bookings have changed"


ERROR_TYPES: tuple[type[BeamtimeError], ...] = (
    BeamtimeError,
    MalformedRequestError,
    NotAuthenticatedError,
    ForbiddenError,
    NotFoundError,
    MethodNotAllowedError,
    ConflictError,
    LifecycleConflictError,
    CapacityExceededError,
    AlreadyExistsError,
    IdempotencyInProgressError,
    PreconditionFailedError,
    PreconditionRequiredError,
    PayloadTooLargeError,
    InvalidInputError,
    InvalidDocumentError,
    SolutionRejectedError,
    IdempotencyKeyReusedError,
    RoundInconsistentError,
    StaleReplanError,
    HttpError,
)
"""Every problem type, for `/problems` and the docs."""
