"""Raw JSON request bodies for endpoints that take whole documents.

Documents are parsed by the exchange format's own parser (`parse_instance`,
`parse_solution`), exactly as the command line parses files, so the API and the
CLI report the same problems with the same paths.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]
"""The request body as bytes."""


def document_body(description: str, example: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI `requestBody` for an endpoint that reads a whole JSON document."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "additionalProperties": True},
                    "example": example,
                }
            },
        }
    }
