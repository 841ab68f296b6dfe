"""Tokens and the caller as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth.principal import Role
from api.fields import Code


class TokenCreate(BaseModel):
    """A token to issue: to whom, with which role, limited to what."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Aigerim (INP-KZ user office)",
                    "role": "coordinator",
                    "facilities": ["INP-KZ"],
                },
                {"name": "SRAM team", "role": "proposer", "group": "kz-sram"},
            ]
        },
    )

    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    role: Role
    facilities: list[Code] = Field(
        default_factory=list, max_length=1000, description="Coordinator: facility codes."
    )
    rounds: list[Code] = Field(
        default_factory=list, max_length=1000, description="Reviewer: round codes."
    )
    group: Code | None = Field(default=None, description="Proposer: research group code.")


class TokenRead(BaseModel):
    """An issued token, without its secret value."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    role: Role
    scope: list[str] = Field(description="Facility, round or group codes the role is limited to.")
    prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    """A newly issued token, with its value: shown this once, never again."""

    token: str = Field(examples=["bt_4qZ0n1C9y3Q6wPz8hS0fK2mJ7tVbX5aR1dLgE8uTnYc"])


class MeRead(BaseModel):
    """The caller."""

    token_id: str
    name: str
    role: Role
    facilities: list[str]
    rounds: list[str]
    group: str | None
