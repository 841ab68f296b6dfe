"""RFC 9457 problem details: the one handler for every error, and its OpenAPI description."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Scope

from api.errors import (
    ERROR_TYPES,
    AlreadyExistsError,
    BeamtimeError,
    ConflictError,
    FieldProblem,
    HttpError,
)
from models.exchange.problems import format_path

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("beamtime.api")


class FieldProblemRead(BaseModel):
    """One invalid field: its JSON path and what is wrong with it."""

    path: str = Field(examples=["body.requests[0].min_block"])
    message: str = Field(examples=["must be at most min_shifts (6)"])


class ProblemDetails(BaseModel):
    """An error as RFC 9457 problem details."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/not-found",
                    "title": "Not found",
                    "status": 404,
                    "detail": "no proposal P-7K2M9Q in round 2027-I",
                    "instance": "/rounds/2027-I/proposals/P-7K2M9Q",
                }
            ]
        }
    )

    type: str = Field(description="A URI reference naming the problem type.")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblemRead] | None = Field(
        default=None, description="Every invalid field, for validation problems."
    )


def problem_response(error: BeamtimeError, instance: str | None = None) -> JSONResponse:
    """The error as a problem+json response."""
    body: dict[str, Any] = {
        "type": f"/problems/{error.slug}",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
    }
    if instance is not None:
        body["instance"] = instance
    if error.errors:
        body["errors"] = [{"path": e.path, "message": e.message} for e in error.errors]
    return JSONResponse(
        body, status_code=error.status, headers=error.headers, media_type=PROBLEM_MEDIA_TYPE
    )


_STATUS_ERRORS: dict[int, type[BeamtimeError]] = {}
for _error_type in ERROR_TYPES:
    _STATUS_ERRORS.setdefault(_error_type.status, _error_type)


_FASTAPI_BODY_ERROR = "There was an error parsing the body"


def _framework_error(status: int, detail: str) -> BeamtimeError:
    known = _STATUS_ERRORS.get(status)
    if known is not None and status != 401:
        if detail == _FASTAPI_BODY_ERROR:
            detail = "the body is not valid JSON in UTF-8, or is nested too deep"
        return known(detail)
    return HttpError(status, detail)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(app: FastAPI, scope: Scope) -> str:
    """Every method some route at the request's path takes, for `Allow`.

    Starlette answers 405 from the first route whose path matches, naming only its own
    methods; a path served by several routes (GET here, PATCH there) takes them all.
    """
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**scope, "method": method})[0] is Match.FULL
            for route in app.router.routes
        )
    ]
    return ", ".join(allowed)


def _validation_errors(exc: RequestValidationError) -> list[FieldProblem]:
    from models.exchange.problems import explain_field_error

    problems = []
    for detail in exc.errors():
        loc = tuple(part for part in detail.get("loc", ()) if isinstance(part, str | int))
        problems.append(FieldProblem(format_path(loc) or "body", explain_field_error(detail)))
    return problems


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error (ours, FastAPI's validation, Starlette's HTTP) as problem+json."""

    @app.exception_handler(BeamtimeError)
    async def _beamtime_error(request: Request, exc: BeamtimeError) -> JSONResponse:
        return problem_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        from api.concurrency import IF_MATCH, missing_if_match
        from api.errors import InvalidInputError

        if any(
            detail.get("type") == "missing" and tuple(detail.get("loc", ())) == ("header", IF_MATCH)
            for detail in exc.errors()
        ):
            return problem_response(missing_if_match(), request.url.path)
        errors = _validation_errors(exc)
        count = len(errors)
        error = InvalidInputError(
            f"{count} invalid field{'s' if count != 1 else ''}", errors=errors
        )
        return problem_response(error, request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = _framework_error(exc.status_code, str(exc.detail))
        error.headers.update(exc.headers or {})
        if exc.status_code == 405:
            error.headers["Allow"] = allowed_methods(app, request.scope)
        return problem_response(error, request.url.path)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # A constraint that a concurrent request won; the routes that can race name the
        # resource themselves (`api.claims`), this keeps any other from answering 500.
        from api.claims import is_unique_violation

        logger.info("constraint failure on %s %s: %s", request.method, request.url.path, exc.orig)
        if is_unique_violation(exc):
            error: BeamtimeError = AlreadyExistsError(
                "a resource with this key was created at the same time; fetch it"
            )
        else:
            error = ConflictError("the request conflicts with a concurrent change; retry")
        return problem_response(error, request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(BeamtimeError("an unexpected error occurred"), request.url.path)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses, each as problem+json."""
    descriptions = {
        400: "Malformed request",
        401: "No valid bearer token",
        403: "The caller's role may not do this",
        404: "Missing, or not visible to the caller",
        409: "Conflicts with the current state",
        412: "If-Match names an outdated version",
        405: "The resource does not take this method",
        413: "Request body too large",
        422: "Invalid input; `errors` lists each field with its path",
        428: "If-Match is required",
    }
    return {
        status: {
            "model": ProblemDetails,
            "description": descriptions.get(status, "Error"),
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
            },
        }
        for status in statuses
    }
