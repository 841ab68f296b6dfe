"""Dependencies of the pages: the signed-in visitor, and checked form posts."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends, Request

from api.auth.principal import Principal
from api.db import Database
from api.errors import FieldProblem, InvalidInputError
from api.ui.csrf import FIELD, csrf_token, csrf_token_valid, same_origin
from api.ui.errors import CsrfRejectedError, SignInRequired
from api.ui.secret import UiKeys
from api.ui.session import SESSION_COOKIE, SIGN_IN_COOKIE, session_principal

MAX_FORM_FIELDS = 32
_NONCE = re.compile(r"^[0-9A-Za-z_-]{16,64}$")


@dataclass(frozen=True)
class Visitor:
    """Who is looking at a page: their principal, and the CSRF token of their forms."""

    principal: Principal
    csrf_token: str
    nonce: str


def keys_of(request: Request) -> UiKeys:
    """The application's session and CSRF keys."""
    keys: UiKeys = request.app.state.ui_keys
    return keys


def next_path(request: Request) -> str:
    """Where to come back to after signing in: this page (GET) or the referring page."""
    if request.method == "GET":
        query = f"?{request.url.query}" if request.url.query else ""
        return safe_next(request.url.path + query)
    return "/ui/rounds"


def safe_next(path: str | None) -> str:
    """`path` if it is a page of this site, else the rounds list (no open redirects)."""
    if path and path.startswith("/ui/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/ui/rounds"


def signed_in(request: Request) -> Visitor:
    """The visitor of a page, from their session cookie.

    Raises:
        SignInRequired: no session, or one that expired or whose token was revoked.
    """
    keys = keys_of(request)
    value = request.cookies.get(SESSION_COOKIE)
    if value:
        database: Database = request.app.state.database
        with database.read_transaction() as session:
            found = session_principal(session, keys.session, value, now=time.time())
        if found is not None:
            principal, ticket = found
            return Visitor(principal, csrf_token(keys.csrf, ticket.nonce), ticket.nonce)
    raise SignInRequired(next_path(request))


SignedIn = Annotated[Visitor, Depends(signed_in)]
"""The signed-in visitor (others are sent to the sign-in page)."""


def sign_in_nonce(request: Request) -> str | None:
    """The nonce of the sign-in cookie, if the browser sent a well-formed one."""
    value = request.cookies.get(SIGN_IN_COOKIE)
    return value if value and _NONCE.match(value) else None


async def posted_fields(request: Request) -> dict[str, str]:
    """The fields of a posted form (`application/x-www-form-urlencoded`, UTF-8).

    Raises:
        InvalidInputError: another kind of body, or too many fields.
    """
    return await read_form(request, MAX_FORM_FIELDS)


async def read_form(request: Request, max_fields: int) -> dict[str, str]:
    """The fields of a posted form of at most `max_fields` fields (a long form, such as
    a proposal's, names its own limit).

    Raises:
        InvalidInputError: another kind of body, or too many fields.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise InvalidInputError("forms are sent as application/x-www-form-urlencoded")
    body = (await request.body()).decode("utf-8", errors="replace")
    try:
        pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=max_fields)
    except ValueError:
        raise InvalidInputError("the form has too many fields") from None
    return dict(pairs)


PostedFields = Annotated[dict[str, str], Depends(posted_fields)]


def require_csrf(request: Request, fields: dict[str, str], nonce: str | None) -> None:
    """Refuse a post without this visitor's CSRF token, or sent from another origin.

    Raises:
        CsrfRejectedError: the token is missing or wrong, or the origin is foreign.
    """
    origin_ok = same_origin(
        request.headers.get("origin"), request.url.scheme, request.headers.get("host")
    )
    token = fields.get(FIELD, "")
    if not origin_ok or nonce is None or not csrf_token_valid(keys_of(request).csrf, nonce, token):
        raise CsrfRejectedError()


def checked_form(request: Request, visitor: SignedIn, fields: PostedFields) -> dict[str, str]:
    """A signed-in visitor's posted form, once its CSRF token is checked.

    Raises:
        SignInRequired, CsrfRejectedError, InvalidInputError.
    """
    require_csrf(request, fields, visitor.nonce)
    return fields


CheckedForm = Annotated[dict[str, str], Depends(checked_form)]
"""A posted form whose CSRF token has been checked."""


def field(fields: dict[str, str], name: str) -> str:
    """A required form field.

    Raises:
        InvalidInputError: the field is missing or empty.
    """
    value = fields.get(name, "").strip()
    if not value:
        raise InvalidInputError("the form is incomplete", errors=[FieldProblem(name, "required")])
    return value
