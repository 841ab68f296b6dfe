"""`Idempotency-Key`: a retried submission gets the first response instead of a duplicate.

The key is scoped to the token that sent it. The same key with the same request
(method, path and canonical JSON body) replays the stored response; the same key
with a different request is refused (422). Two requests racing with one key:
the second fails on the unique (token, key) row and is told to retry (409).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import IdempotencyInProgressError, IdempotencyKeyReusedError
from models.orm import IdempotencyRecord

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        # Printable ASCII only: the key is stored and compared as text, and a control
        # character would make two keys that look alike differ.
        pattern=r"^[!-~]([ -~]*[!-~])?$",
        description="A unique key per submission (printable ASCII, 1-255 characters); "
        "retries with the same key and body get the first response instead of creating "
        "a duplicate.",
    ),
]


@dataclass(frozen=True)
class StoredResponse:
    """A response kept for replays."""

    status_code: int
    body: dict[str, Any]


def fingerprint(method: str, path: str, body: Any) -> str:
    """A digest of the request that a key must keep naming."""
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def replay(
    session: Session, principal: Principal, key: str, request_hash: str
) -> StoredResponse | None:
    """The stored response for this key, if the same request was made before.

    Raises:
        IdempotencyKeyReusedError: the key was used for a different request.
    """
    record = session.scalars(
        select(IdempotencyRecord).where(
            IdempotencyRecord.token_id == principal.token_id, IdempotencyRecord.key == key
        )
    ).first()
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise IdempotencyKeyReusedError(
            "this Idempotency-Key was used for a different request; use a new key"
        )
    return StoredResponse(record.status_code, json.loads(record.response_body))


def remember(
    session: Session,
    principal: Principal,
    key: str,
    request_hash: str,
    response: StoredResponse,
) -> None:
    """Keep the response for replays, in the transaction that made it.

    Raises:
        IdempotencyInProgressError: a concurrent request with the same key got there first.
    """
    try:
        with session.begin_nested():
            session.add(
                IdempotencyRecord(
                    token_id=principal.token_id,
                    key=key,
                    request_hash=request_hash,
                    status_code=response.status_code,
                    response_body=json.dumps(response.body),
                )
            )
    except IntegrityError:
        raise IdempotencyInProgressError(
            "another request with this Idempotency-Key was processed at the same time; retry"
        ) from None
