"""Web sessions: an API token exchanged for a signed session cookie.

The cookie never holds the token itself. It holds the token's id, an expiry and a
random nonce, signed with HMAC-SHA256 under the server's session key *and* the
token's stored digest:

    <token id>.<expires at, unix seconds>.<nonce>.<signature>

Every request looks the token up by id, so a revoked token ends its sessions at once;
and because the signature covers the digest that only the database holds, a leaked
session key alone does not let anyone mint a session. Signing out records the
session's nonce as ended, so a copy of the cookie taken before stops working too. The
nonce is also what CSRF tokens are bound to (`api.ui.csrf`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.auth.repository import TokenRepository
from api.auth.service import principal_of
from models.orm import ApiToken, EndedSession

SESSION_COOKIE = "beamtime_session"
SIGN_IN_COOKIE = "beamtime_sign_in"
"""A nonce for the sign-in form's CSRF token, before there is a session."""
COOKIE_PATH = "/ui"
_COOKIE = re.compile(
    r"^([0-9A-Za-z-]{1,64})\.(\d{1,12})\.([0-9A-Za-z_-]{16,64})\.([0-9A-Za-z_-]{43})$"
)


@dataclass(frozen=True)
class Ticket:
    """What a session cookie says: whose token, until when, and the session's nonce."""

    token_id: str
    expires_at: int
    nonce: str


def new_nonce() -> str:
    """A fresh random nonce (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def _signature(key: bytes, ticket: Ticket, token_digest: str) -> str:
    message = f"{ticket.token_id}.{ticket.expires_at}.{ticket.nonce}.{token_digest}"
    mac = hmac.new(key, message.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def issue_cookie(key: bytes, token: ApiToken, *, now: float, lifetime_seconds: float) -> str:
    """A new session cookie's value for `token`, valid for `lifetime_seconds`."""
    ticket = Ticket(token.id, int(now + lifetime_seconds), new_nonce())
    signature = _signature(key, ticket, token.token_hash)
    return f"{ticket.token_id}.{ticket.expires_at}.{ticket.nonce}.{signature}"


def parse_cookie(value: str) -> tuple[Ticket, str] | None:
    """The ticket and signature of a cookie value, or None if it is malformed."""
    match = _COOKIE.match(value)
    if match is None:
        return None
    token_id, expires_at, nonce, signature = match.groups()
    return Ticket(token_id, int(expires_at), nonce), signature


def session_principal(
    session: Session, key: bytes, value: str, *, now: float
) -> tuple[Principal, Ticket] | None:
    """The principal and ticket of a session cookie, or None when the cookie is malformed,
    expired, forged, or names a token that is unknown or revoked."""
    parsed = parse_cookie(value)
    if parsed is None:
        return None
    ticket, signature = parsed
    if ticket.expires_at <= now:
        return None
    token = TokenRepository(session).by_id(ticket.token_id)
    if token is None or token.revoked_at is not None:
        return None
    if not hmac.compare_digest(signature, _signature(key, ticket, token.token_hash)):
        return None
    if session.get(EndedSession, ticket.nonce) is not None:
        return None
    return principal_of(token), ticket


def end_session(session: Session, nonce: str, *, now: float, lifetime_seconds: float) -> None:
    """Mark the session with `nonce` as signed out, for as long as its cookie could live,
    and forget sessions whose cookies have expired anyway."""
    from api.claims import insert_missing

    session.execute(delete(EndedSession).where(EndedSession.expires_at <= _utc(now)))
    insert_missing(
        session,
        EndedSession,
        [{"nonce": nonce, "expires_at": _utc(now + lifetime_seconds)}],
        ["nonce"],
    )


def _utc(unix_seconds: float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, UTC)


def token_of(session: Session, presented: str) -> ApiToken | None:
    """The unrevoked token whose value was presented at sign-in, if any."""
    from api.auth.tokens import token_digest

    if not presented:
        return None
    return TokenRepository(session).by_digest(token_digest(presented))
