"""A browser-like visitor of the pages for TestClient tests: signs in, keeps cookies,
reads CSRF tokens from forms and posts them back."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import Database
from tests.api.backends import RecordingBackend
from tests.api.conftest import app_settings

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = _CSRF.search(html)
    assert match is not None, html[:500]
    return match.group(1)


class Visitor:
    """One browser: its own cookie jar on the application."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET a page without following redirects."""
        return self.client.get(path, follow_redirects=False, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        """POST a form without following redirects."""
        return self.client.post(path, data=data, follow_redirects=False, **kwargs)

    def sign_in(self, token: str, next_page: str = "/ui/rounds") -> httpx.Response:
        """Sign in through the form, as a person would."""
        form = self.get(f"/ui/sign-in?next={next_page}")
        assert form.status_code == 200
        return self.post(
            "/ui/sign-in", {"csrf_token": csrf_of(form.text), "token": token, "next": next_page}
        )

    def submit(self, confirm_path: str, **fields: str) -> httpx.Response:
        """Open a confirmation page and post its form (with its hidden fields)."""
        page = self.get(confirm_path)
        assert page.status_code == 200, page.text[:1000]
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
        action = re.search(r'<form method="post" action="([^"]+)" class="confirm">', page.text)
        assert action is not None, page.text[:1000]
        return self.post(action.group(1), {**hidden, **fields})


def ui_client(database: Database, jobs: RecordingBackend | None = None) -> TestClient:
    """A client of an application on `database` (solves recorded, not run)."""
    app = create_app(app_settings(), database=database, jobs=jobs or RecordingBackend())
    return TestClient(app)
