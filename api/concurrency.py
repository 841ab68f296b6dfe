"""Optimistic concurrency: ETags carry a row's version, edits must send If-Match.

If-Match compares strongly (RFC 9110 13.1.1): a weak validator `W/"3"` never matches.
The header is required in the OpenAPI of every edit; a request without it answers 428
(`api.problems` turns the missing header into `PreconditionRequiredError`).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Response

from api.errors import PreconditionFailedError, PreconditionRequiredError

_ETAG = re.compile(r'^\s*"(\d{1,18})"\s*$')


def etag(version: int) -> str:
    """The ETag of a resource at `version`."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Send the resource's ETag with the response."""
    response.headers["ETag"] = etag(version)


IF_MATCH = "If-Match"


def _if_match(
    if_match: Annotated[
        str,
        Header(
            alias=IF_MATCH,
            description='The ETag of the version being changed, e.g. `"3"`; without it, 428.',
        ),
    ],
) -> int:
    return parse_if_match(if_match)


def missing_if_match() -> PreconditionRequiredError:
    """The error for an edit sent without If-Match."""
    return PreconditionRequiredError("send If-Match with the ETag of the version you change")


def parse_if_match(if_match: str) -> int:
    """The version named by an If-Match header value.

    Raises:
        PreconditionFailedError: the value names no version (a malformed or weak ETag, `*`).
    """
    match = _ETAG.match(if_match)
    if match is None:
        raise PreconditionFailedError(f"If-Match {if_match!r} names no version of this resource")
    return int(match.group(1))


IfMatchDep = Annotated[int, Depends(_if_match)]
"""The version an edit is based on, from the required If-Match header."""


def check_version(current: int, expected: int) -> None:
    """Refuse an edit based on an outdated version.

    Raises:
        PreconditionFailedError: `expected` is not the current version.
    """
    if current != expected:
        raise PreconditionFailedError(
            f"the resource is at version {current}, not {expected}; fetch it again",
            headers={"ETag": etag(current)},
        )
