"""Calendar feeds as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.fields import Code
from models.orm import FeedKind


class FeedCreate(BaseModel):
    """A feed to make: of one group's bookings, or (coordinators) of one instrument's."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"group": "kz-sram", "name": "SRAM team calendar"},
                {"instrument": "IBR2-DN6", "name": "DN-6 beam schedule"},
            ]
        },
    )

    group: Code | None = Field(default=None, description="The group whose bookings it shows.")
    instrument: Code | None = Field(
        default=None, description="The instrument whose bookings it shows (coordinators)."
    )
    name: Annotated[str, StringConstraints(max_length=200, strip_whitespace=True)] = ""


class FeedRead(BaseModel):
    """A feed, without its token."""

    id: str
    kind: FeedKind
    group: str | None = Field(description="The group's code, for a group feed.")
    instrument: str | None = Field(description="The instrument's code, for an instrument feed.")
    name: str
    prefix: str = Field(description="The token's first characters, to tell feeds apart.")
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


class FeedCreated(FeedRead):
    """A new feed with its token and URL: shown this once, never again."""

    token: str = Field(examples=["btf_Qm3x9ZkT1vB7nR0cW5yH2pL8dJ4sF6aG1eU0oIxYt3w"])
    url: str = Field(description="The calendar URL to subscribe to; it needs no other token.")
