"""Guards in front of the application: request size limits and unstorable text.

Size limits are enforced before a body reaches the application.

Ordinary requests may carry `max_request_bytes`; the endpoints that take whole
documents (round import, solution import) may carry `max_document_bytes`. A
declared Content-Length over the limit is refused at once; a body without one is
read up to the limit (never further) and refused as soon as it crosses it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import FieldProblem, InvalidInputError, PayloadTooLargeError
from api.problems import problem_response

DOCUMENT_PATH_SUFFIXES = ("/rounds/import", "/allocation")


class RequestSizeLimit:
    """ASGI middleware answering 413 problem+json to oversize request bodies."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_document_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_document_bytes = max_document_bytes

    def _limit(self, path: str) -> int:
        if path.endswith(DOCUMENT_PATH_SUFFIXES):
            return self.max_document_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > limit:
                await self._refuse(scope, receive, send, limit)
                return
            await self.app(scope, receive, send)  # the server enforces Content-Length
            return
        # No Content-Length (chunked): read the body here, at most `limit` bytes of it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, receive, send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = PayloadTooLargeError(f"the request body exceeds {limit:,} bytes")
        await problem_response(error, scope["path"])(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive channel that first gives back `messages`, then the real channel."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def _unstorable_string(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable_text(value: Any) -> bool:
    """Whether a decoded JSON value holds text no database can store: NUL characters (refused
    by PostgreSQL) or lone surrogates (not encodable as UTF-8).

    Walks the value with an explicit stack: a body may nest as deep as the JSON parser
    allows, deeper than Python's recursion limit leaves room for.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _unstorable_string(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class TextGuard:
    """ASGI middleware answering 422 to text that cannot be stored, wherever it comes from:
    the path, the query string or a JSON body. Checked here once, so that no endpoint can
    turn such input into a database error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (
            unstorable_text(scope["path"])
            or b"%00" in scope.get("query_string", b"")
            or (unstorable_text(unquote(scope.get("query_string", b"").decode("latin-1"))))
        ):
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        chunks: list[bytes] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)  # joined once: a document arrives in hundreds of chunks
        if _SUSPECT_ESCAPE.search(body) or b"\x00" in body:
            try:
                decoded = json.loads(body)
            except (ValueError, RecursionError):
                decoded = None  # not JSON, or nested too deep to read: the endpoint refuses it
            if b"\x00" in body or unstorable_text(decoded):
                await self._refuse(scope, receive, send)
                return
        await self.app(scope, _replay(messages, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = InvalidInputError(
            "text may not contain NUL characters or unpaired surrogates",
            errors=[FieldProblem("(request)", "remove NUL characters and invalid Unicode")],
        )
        await problem_response(error, scope["path"])(scope, receive, send)
