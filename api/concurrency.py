"""Optimistic concurrency: ETags carry a row's version, edits must send If-Match."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Response

from api.errors import PreconditionFailedError, PreconditionRequiredError

_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,18})"\s*$')


def etag(version: int) -> str:
    """The ETag of a resource at `version`."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Send the resource's ETag with the response."""
    response.headers["ETag"] = etag(version)


def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='The ETag of the version being changed, e.g. `"3"` (required).',
        ),
    ] = None,
) -> int:
    if if_match is None:
        raise PreconditionRequiredError("send If-Match with the ETag of the version you change")
    return parse_if_match(if_match)


def parse_if_match(if_match: str) -> int:
    """The version named by an If-Match header value.

    Raises:
        PreconditionFailedError: the value names no version (a malformed ETag or `*`).
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
