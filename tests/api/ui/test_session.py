"""Signing in: a token becomes a session cookie; CSRF protects every form; strangers are
sent to sign in; a revoked token ends its sessions at once."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.repository import TokenRepository
from api.auth.tokens import token_digest
from api.db import Database
from api.ui.secret import UiKeys
from api.ui.session import SESSION_COOKIE, issue_cookie, parse_cookie, session_principal
from models.orm import utc_now
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings
from tests.api.ui.visitors import Visitor, csrf_of
from tests.api.ui.world import World


def test_a_stranger_is_sent_to_sign_in_and_back(visitor: Visitor, world: World) -> None:
    page = f"/ui/rounds/{world.round}/schedule"
    response = visitor.get(page)
    assert response.status_code == 303
    assert response.headers["location"] == f"/ui/sign-in?next={page}"
    signed = visitor.sign_in(world.tokens["coordinator"], page)
    assert signed.status_code == 303
    assert signed.headers["location"] == page
    assert visitor.get(page).status_code == 200


def test_the_session_cookie_is_httponly_strict_and_never_holds_the_token(
    visitor: Visitor, world: World
) -> None:
    response = visitor.sign_in(world.tokens["admin"])
    cookie = next(
        value for key, value in response.headers.multi_items() if value.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/ui" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the HTTPS test
    assert world.tokens["admin"] not in cookie
    assert token_digest(world.tokens["admin"]) not in cookie


def test_the_session_cookie_is_secure_over_https(
    published: tuple[World, Database], world: World
) -> None:
    _, database = published
    app = create_app(app_settings(), database=database, jobs=RecordingBackend())
    with TestClient(app, base_url="https://beamtime.example") as client:
        response = Visitor(client).sign_in(world.tokens["admin"])
    cookie = response.headers["set-cookie"]
    assert response.status_code == 303
    assert "Secure" in cookie


def test_an_unknown_token_is_refused_on_the_form(visitor: Visitor) -> None:
    response = visitor.sign_in("bt_not-a-real-token")
    assert response.status_code == 401
    assert "unknown or revoked" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_signing_in_without_the_csrf_token_is_refused(visitor: Visitor, world: World) -> None:
    visitor.get("/ui/sign-in")
    response = visitor.post("/ui/sign-in", {"token": world.tokens["admin"]})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_form_without_its_csrf_token_changes_nothing(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["admin"])
    confirm = visitor.get(f"/ui/rounds/{world.round}/transition?to=closed")
    assert confirm.status_code == 200
    for token in ("", "forged", csrf_of(confirm.text)[:-2] + "xx"):
        response = visitor.post(
            f"/ui/rounds/{world.round}/transition", {"to": "closed", "csrf_token": token}
        )
        assert response.status_code == 403
    overview = visitor.get(f"/ui/rounds/{world.round}")
    assert 'class="state state-published"' in overview.text


def test_a_form_posted_from_another_site_is_refused(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["admin"])
    confirm = visitor.get(f"/ui/rounds/{world.round}/transition?to=closed")
    response = visitor.post(
        f"/ui/rounds/{world.round}/transition",
        {"to": "closed", "csrf_token": csrf_of(confirm.text)},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_signing_out_ends_the_session(visitor: Visitor, world: World) -> None:
    visitor.sign_in(world.tokens["admin"])
    rounds = visitor.get("/ui/rounds")
    response = visitor.post("/ui/sign-out", {"csrf_token": csrf_of(rounds.text)})
    assert response.status_code == 303
    assert visitor.get("/ui/rounds").status_code == 303


def test_a_cookie_copied_before_signing_out_opens_nothing_afterwards(
    visitor: Visitor, world: World
) -> None:
    visitor.sign_in(world.tokens["admin"])
    rounds = visitor.get("/ui/rounds")
    copied = visitor.client.cookies.get(SESSION_COOKIE)
    assert copied
    visitor.post("/ui/sign-out", {"csrf_token": csrf_of(rounds.text)})
    visitor.client.cookies.set(SESSION_COOKIE, copied, path="/ui")
    replayed = visitor.get("/ui/rounds")
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/ui/sign-in")


def test_signing_out_ends_only_that_session(
    client: TestClient, visitor: Visitor, world: World
) -> None:
    other = Visitor(TestClient(client.app))
    other.sign_in(world.tokens["admin"])
    visitor.sign_in(world.tokens["admin"])
    rounds = visitor.get("/ui/rounds")
    visitor.post("/ui/sign-out", {"csrf_token": csrf_of(rounds.text)})
    assert other.get("/ui/rounds").status_code == 200


def test_revoking_the_token_ends_its_sessions_at_once(
    published: tuple[World, Database], visitor: Visitor, world: World
) -> None:
    _, database = published
    visitor.sign_in(world.tokens["coordinator"])
    assert visitor.get("/ui/rounds").status_code == 200
    with database.transaction() as session:
        token = TokenRepository(session).by_digest(token_digest(world.tokens["coordinator"]))
        assert token is not None
        token.revoked_at = utc_now()
    assert visitor.get("/ui/rounds").status_code == 303


def test_a_session_is_signed_by_the_key_and_the_tokens_digest(
    published: tuple[World, Database], world: World
) -> None:
    _, database = published
    keys = UiKeys.from_secret(b"k" * 32)
    with database.transaction() as session:
        token = TokenRepository(session).by_digest(token_digest(world.tokens["admin"]))
        assert token is not None
        now = time.time()
        value = issue_cookie(keys.session, token, now=now, lifetime_seconds=60)
        assert session_principal(session, keys.session, value, now=now) is not None
        assert session_principal(session, keys.session, value, now=now + 61) is None
        other_key = UiKeys.from_secret(b"o" * 32).session
        assert session_principal(session, other_key, value, now=now) is None
        parsed = parse_cookie(value)
        assert parsed is not None
        ticket, signature = parsed
        longer = f"{ticket.token_id}.{ticket.expires_at + 3600}.{ticket.nonce}.{signature}"
        assert session_principal(session, keys.session, longer, now=now) is None
        assert session_principal(session, keys.session, "garbage", now=now) is None
