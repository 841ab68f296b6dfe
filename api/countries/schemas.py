"""Countries as the API shows them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from api.fields import Code, Name


class CountryCreate(BaseModel):
    """A country to add."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"code": "KZ", "name": "Kazakhstan"}]}
    )

    code: Code
    name: Name = ""


class CountryUpdate(BaseModel):
    """New values for a country's fields (omitted fields are kept)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Kazakhstan"}]}
    )

    name: Name | None = None


class CountryRead(BaseModel):
    """A country."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    version: int
