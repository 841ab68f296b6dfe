"""Signing in with an API token, and signing out."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from api.deps import SessionDep, SettingsDep
from api.routing import TransactionalRoute
from api.ui.cookies import SIGN_IN_COOKIE_SECONDS, drop_page_cookie, set_page_cookie
from api.ui.csrf import csrf_token
from api.ui.deps import (
    CheckedForm,
    PostedFields,
    SignedIn,
    keys_of,
    require_csrf,
    safe_next,
    sign_in_nonce,
)
from api.ui.session import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    end_session,
    issue_cookie,
    new_nonce,
    token_of,
)
from api.ui.templating import render

router = APIRouter(route_class=TransactionalRoute)


def _form(request: Request, settings: SettingsDep, next_page: str, error: str = "") -> Response:
    nonce = sign_in_nonce(request) or new_nonce()
    context = {
        "csrf_token": csrf_token(keys_of(request).csrf, nonce),
        "next": safe_next(next_page),
        "session_hours": settings.session_hours,
        "error": error,
    }
    response = render("sign_in.html", context, 401 if error else 200)
    set_page_cookie(response, request, SIGN_IN_COOKIE, nonce, SIGN_IN_COOKIE_SECONDS)
    return response


@router.get("/sign-in")
def sign_in_form(
    request: Request,
    settings: SettingsDep,
    next_page: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
) -> Response:
    """The sign-in form."""
    return _form(request, settings, next_page or "")


@router.post("/sign-in")
def sign_in(
    request: Request, session: SessionDep, settings: SettingsDep, fields: PostedFields
) -> Response:
    """Exchange an API token for a session cookie, then go where the visitor was going."""
    require_csrf(request, fields, sign_in_nonce(request))
    token = token_of(session, fields.get("token", "").strip())
    if token is None:
        return _form(request, settings, fields.get("next", ""), "That token is unknown or revoked.")
    lifetime = settings.session_hours * 3600
    value = issue_cookie(
        keys_of(request).session, token, now=time.time(), lifetime_seconds=lifetime
    )
    response = RedirectResponse(safe_next(fields.get("next")), 303)
    set_page_cookie(response, request, SESSION_COOKIE, value, lifetime)
    drop_page_cookie(response, request, SIGN_IN_COOKIE)
    return response


@router.post("/sign-out")
def sign_out(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    visitor: SignedIn,
    _form_fields: CheckedForm,
) -> Response:
    """End the session for good, copies of its cookie included (the token itself stays
    valid for the API)."""
    end_session(
        session, visitor.nonce, now=time.time(), lifetime_seconds=settings.session_hours * 3600
    )
    response = RedirectResponse("/ui/sign-in", 303)
    drop_page_cookie(response, request, SESSION_COOKIE)
    return response
