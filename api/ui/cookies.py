"""Setting the pages' cookies: HttpOnly, SameSite=Strict, Secure over HTTPS, path `/ui`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from api.ui.session import COOKIE_PATH

SIGN_IN_COOKIE_SECONDS = 3600


def set_page_cookie(
    response: Response, request: Request, name: str, value: str, max_age: float
) -> None:
    """Set a cookie only the pages' server reads (never scripts, never other sites)."""
    response.set_cookie(
        name,
        value,
        max_age=int(max_age),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def drop_page_cookie(response: Response, request: Request, name: str) -> None:
    """Remove a cookie set by `set_page_cookie`."""
    response.delete_cookie(
        name,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
