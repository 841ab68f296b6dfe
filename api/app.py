"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.orm.exc import StaleDataError
from starlette.requests import Request

from api import problems
from api.db import Database
from api.errors import PreconditionFailedError
from api.exports.policy_view import PolicyViews
from api.feeds.redaction import install_feed_token_filter
from api.jobs.backend import JobBackend
from api.limits import RequestSizeLimit, TextGuard
from api.settings import Settings, load_settings

DESCRIPTION = """\
beamtime decides who gets time at large research facilities. This service runs
allocation rounds: coordinators set up facilities, instruments and rounds;
research groups submit proposals; reviewers score them; the coordinators solve,
publish, and the groups confirm or decline their bookings.

Authenticate with `Authorization: Bearer bt_...` (tokens from `beamtime token
create` or `POST /auth/tokens`). Errors are RFC 9457 problem details; edits need
`If-Match`; proposal submissions accept an `Idempotency-Key`.
"""


def build_job_backend(settings: Settings, database: Database) -> JobBackend:
    """The job backend the settings ask for: Dramatiq when a broker is set, else local."""
    if settings.broker_url:
        from api.jobs.queue import DramatiqBackend

        return DramatiqBackend(settings, database)
    from api.jobs.local import LocalProcessBackend

    return LocalProcessBackend(settings, database)


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    jobs: JobBackend | None = None,
) -> FastAPI:
    """The HTTP application.

    Args:
        settings: configuration (read from the environment when omitted).
        database: an existing database (tests bind one to a transaction); made from
            `settings.database_url` when omitted.
        jobs: the job backend; chosen from the settings when omitted.

    Raises:
        SettingsError: `settings` omitted and the `BEAMTIME_*` variables unusable (an
            empty or unparsable BEAMTIME_DATABASE_URL, ...), each problem named.
    """
    settings = settings or load_settings()
    database = database or Database.from_url(settings.database_url)
    jobs = jobs or build_job_backend(settings, database)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Endpoints are plain functions run in worker threads; a few threads keep the CPU
        # busy without the threads fighting over the interpreter lock (see benchmarks/).
        to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    app = FastAPI(
        title="beamtime booking service",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from bundled assets below, so that it works offline
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
        responses=problems.problem_responses(400, 401, 422),
    )
    app.state.settings = settings
    app.state.database = database
    app.state.jobs = jobs
    app.state.policy_views = PolicyViews()
    problems.install_problem_handlers(app)
    install_feed_token_filter()

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, _exc: StaleDataError) -> JSONResponse:
        error = PreconditionFailedError("the resource was changed by someone else; fetch it again")
        return problems.problem_response(error, request.url.path)

    _include_routers(app)
    if settings.docs_enabled:
        from api.docs import install_docs

        install_docs(app)
    from api.ui import install_ui

    install_ui(app, settings)
    app.add_middleware(TextGuard)
    app.add_middleware(
        RequestSizeLimit,
        max_bytes=settings.max_request_bytes,
        max_document_bytes=settings.max_document_bytes,
    )
    return app


def _include_routers(app: FastAPI) -> None:
    from api.agreements.router import router as agreements
    from api.allocations.router import router as allocations
    from api.audit.router import router as audit
    from api.auth.router import router as auth
    from api.bookings.router import router as bookings
    from api.countries.router import router as countries
    from api.exports.router import router as exports
    from api.facilities.router import router as facilities
    from api.groups.router import router as groups
    from api.health import router as health
    from api.operations import operations_routers
    from api.proposals.router import router as proposals
    from api.reviews.router import router as reviews
    from api.rounds.router import router as rounds
    from api.solves.router import router as solves
    from api.whatifs.page import router as whatif_page
    from api.whatifs.router import router as whatifs

    for router in (
        health,
        auth,
        countries,
        facilities,
        groups,
        rounds,
        agreements,
        proposals,
        reviews,
        solves,
        whatifs,
        allocations,
        bookings,
        exports,
        audit,
        whatif_page,
        *operations_routers(),
    ):
        app.include_router(router)
