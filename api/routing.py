"""The request's unit of work: one commit, in the same thread call as the handler.

FastAPI runs a sync dependency's set-up, the handler and the dependency's tear-down
in separate worker-thread calls. A transaction left open between those calls holds
its locks (SQLite's writer lock, PostgreSQL row locks) while it waits for a free
worker thread, and with enough concurrent requests every thread can be waiting for
those very locks. So the handler's transaction ends inside the handler's own call:
`TransactionalRoute` wraps every endpoint to commit the session it received (or roll
it back on error) before returning, and then runs the `after_commit` callbacks.
Authentication runs in a short transaction of its own (`api.deps`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from api.db import run_after_commit


def in_one_transaction(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint`, committing the session among its arguments when it returns."""
    if inspect.iscoroutinefunction(endpoint):  # pragma: no cover - every endpoint is sync
        raise TypeError(f"{endpoint.__name__}: database endpoints are plain functions")

    @functools.wraps(endpoint)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = next((value for value in kwargs.values() if isinstance(value, Session)), None)
        try:
            result = endpoint(*args, **kwargs)
            if session is not None:
                session.commit()
        except BaseException:
            if session is not None:
                session.rollback()
                session.info.pop("after_commit", None)
            raise
        if session is not None:
            run_after_commit(session)
        return result

    return wrapper


class TransactionalRoute(APIRoute):
    """A route whose endpoint commits its session before returning (see the module)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, in_one_transaction(endpoint), **kwargs)
