"""Typed helpers to call the API in tests: callers with tokens, and small factories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.auth.principal import Role
from api.commandline import create_token
from api.db import Database


@dataclass
class Caller:
    """An HTTP client that sends one bearer token."""

    client: TestClient
    token: str | None
    name: str = ""
    extra_headers: dict[str, str] = field(default_factory=dict)

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        merged = dict(self.extra_headers)
        if self.token is not None:
            merged["Authorization"] = f"Bearer {self.token}"
        merged.update(headers or {})
        return merged

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """Send a request with this caller's token."""
        return self.client.request(
            method,
            path,
            json=json,
            content=content,
            headers=self._headers(headers),
            params=params,
        )

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET `path`."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        """POST `path`."""
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        """PATCH `path`."""
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        """PUT `path`."""
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        """DELETE `path`."""
        return self.request("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """Send a request, assert its status, return its JSON body."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, (method, path, response.status_code, response.text)
        return response.json() if response.content else None


class Api:
    """Issues tokens on the test database and hands out callers."""

    def __init__(self, client: TestClient, database: Database) -> None:
        self.client = client
        self.database = database

    def token(
        self,
        role: Role,
        *,
        facilities: tuple[str, ...] = (),
        rounds: tuple[str, ...] = (),
        group: str | None = None,
        name: str | None = None,
    ) -> str:
        """A new token's value."""
        issued = create_token(
            self.database,
            name=name or f"{role.value} {group or ','.join(facilities + rounds)}",
            role=role,
            facilities=list(facilities),
            rounds=list(rounds),
            group=group,
        )
        return issued.value

    def caller(self, role: Role, **scope: Any) -> Caller:
        """A caller with a new token of `role` and scope."""
        name = scope.get("name") or f"{role.value}-{scope.get('group') or scope}"
        return Caller(self.client, self.token(role, **scope), name=str(name))

    def anonymous(self) -> Caller:
        """A caller without a token."""
        return Caller(self.client, None, name="anonymous")


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Assert that `response` is a problem+json of `status`; return its body."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    return body
