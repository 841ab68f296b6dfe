"""Typed dependencies shared by every router: the session, the caller, the settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.db import Database
from api.exports.policy_view import PolicyViews
from api.settings import Settings

if TYPE_CHECKING:
    from api.jobs.backend import JobBackend


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Requests with these methods only read, so they never wait for a writer (`api.db`)."""


def get_session(request: Request) -> Iterator[Session]:
    """A session for one request: a reader's for GET and HEAD, a writer's otherwise.

    The endpoint commits it (`api.routing.TransactionalRoute`), in the same thread call
    as its work; this only closes it, rolling back whatever was left uncommitted.
    """
    database = _database(request)
    factory = database.read_sessions if request.method in READING_METHODS else database.sessions
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
"""The request's database session."""


def get_settings(request: Request) -> Settings:
    """The application's settings."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
"""The application's settings."""


def get_jobs(request: Request) -> JobBackend:
    """The job backend that runs solves."""
    jobs: JobBackend = request.app.state.jobs
    return jobs


JobsDep = Annotated["JobBackend", Depends(get_jobs)]
"""Where solve jobs are sent to run."""

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="BearerToken",
    description="An API token `bt_...` made by `beamtime token create` or `POST /auth/tokens`.",
)


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """The caller identified by its bearer token, looked up in a short transaction of its own.

    Raises:
        NotAuthenticatedError: no token, or an unknown or revoked one.
    """
    from api.auth.service import authenticate

    with _database(request).read_transaction() as session:
        return authenticate(session, credentials.credentials if credentials else None)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
"""The authenticated caller."""


def get_policy_views(request: Request) -> PolicyViews:
    """The app's kept stand-ins of allocation snapshots (`api.exports.policy_view`)."""
    views: PolicyViews = request.app.state.policy_views
    return views


PolicyViewsDep = Annotated[PolicyViews, Depends(get_policy_views)]
"""The app's kept stand-ins of allocation snapshots, for the country report."""
