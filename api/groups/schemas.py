"""Research groups as the API shows them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from api.fields import Code, Name


class GroupCreate(BaseModel):
    """A research group to add."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"code": "kz-sram", "name": "SRAM reliability, Almaty"}]},
    )

    code: Code
    name: Name = ""


class GroupRead(BaseModel):
    """A research group."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
