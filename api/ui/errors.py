"""What the pages raise besides the services' errors, and how every error becomes a page.

Under `/ui/` the errors the services raise (404, 403, 409, ...) are shown as HTML pages
with the same status and detail the API would give; elsewhere the application's own
problem+json handlers answer as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.errors import BeamtimeError, ForbiddenError
from api.ui.session import COOKIE_PATH, SESSION_COOKIE
from api.ui.templating import render

UI_PREFIX = "/ui"
Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


class SignInRequired(Exception):  # noqa: N818 - a signal, not a failure
    """The visitor has no valid session; they are sent to sign in, then back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRejectedError(ForbiddenError):
    """A form came without a valid CSRF token, or from another origin."""

    def __init__(self) -> None:
        super().__init__("this form has expired or did not come from this site; reload and retry")


def sign_in_redirect(next_path: str) -> RedirectResponse:
    """A redirect to the sign-in page that comes back to `next_path`; drops a stale session."""
    response = RedirectResponse(f"{UI_PREFIX}/sign-in?next={quote(next_path, safe='/')}", 303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def _is_page(request: Request) -> bool:
    path = request.url.path
    return path == UI_PREFIX or path.startswith(UI_PREFIX + "/")


STATUS_TITLES = {
    401: "Sign-in required",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    412: "Changed meanwhile",
    413: "Too large",
    422: "Invalid input",
}


def error_page(status: int, detail: str) -> Response:
    """An error as a page, with the status the API would answer."""
    title = STATUS_TITLES.get(status, "Something went wrong")
    return render("error.html", {"status": status, "title": title, "detail": detail}, status)


def install_error_pages(app: FastAPI) -> None:
    """Answer errors under `/ui/` with pages, keeping problem+json everywhere else."""

    async def _sign_in(request: Request, exc: Exception) -> Response:
        return sign_in_redirect(cast(SignInRequired, exc).next_path)

    app.add_exception_handler(SignInRequired, _sign_in)
    for kind, as_page in (
        (BeamtimeError, _beamtime_page),
        (StarletteHTTPException, _http_page),
        (RequestValidationError, _validation_page),
    ):
        original = cast(Handler, app.exception_handlers[kind])
        app.add_exception_handler(kind, _dispatch(original, as_page))


def _dispatch(original: Handler, as_page: Callable[[Exception], Response]) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if _is_page(request):
            return as_page(exc)
        response = original(request, exc)
        if isinstance(response, Response):
            return response
        return await response

    return handler


def _beamtime_page(exc: Exception) -> Response:
    error = cast(BeamtimeError, exc)
    detail = error.detail
    if error.errors:
        detail += ": " + "; ".join(f"{p.path}: {p.message}" for p in error.errors)
    response = error_page(error.status, detail)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _http_page(exc: Exception) -> Response:
    error = cast(StarletteHTTPException, exc)
    return error_page(error.status_code, str(error.detail))


def _validation_page(exc: Exception) -> Response:
    error = cast(RequestValidationError, exc)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg', '')}"
        for e in error.errors()
    )
    return error_page(422, problems or "the request is invalid")
