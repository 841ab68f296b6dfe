"""Agreements as the API shows them: the format's two policy kinds."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.fields import Code

Ratio = Annotated[float, Field(strict=True, ge=0, le=1_000_000, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, gt=0, le=1_000_000, allow_inf_nan=False)]
Fraction = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
Shifts = Annotated[float, Field(strict=True, ge=0, le=1_000_000_000, allow_inf_nan=False)]


class _AgreementBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code = Field(description="The policy's id in the instance.")
    mode: Literal["hard", "soft"] = "hard"
    weight: Positive = Field(default=1.0, description="Penalty per shift of violation (soft).")


class ContributionShareCreate(_AgreementBase):
    """Members of `facilities` receive time in proportion to their `shares` (summing to 1)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "contribution_share",
                    "code": "JINR-members",
                    "facilities": ["NICA"],
                    "shares": {"RU": 0.8, "KZ": 0.2},
                    "min_ratio": 0.9,
                    "max_ratio": 1.5,
                    "non_member_max_fraction": 0.25,
                    "mode": "hard",
                }
            ]
        },
    )

    type: Literal["contribution_share"]
    facilities: Annotated[list[Code], Field(min_length=1, max_length=1000)]
    shares: Annotated[dict[Code, Ratio], Field(min_length=1, max_length=1000)]
    min_ratio: Ratio = 0.0
    max_ratio: Ratio | None = None
    non_member_max_fraction: (
        Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)] | None
    ) = None


class ReciprocityCreate(_AgreementBase):
    """Symmetric access between two countries, with credits carried in (shifts)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "reciprocity",
                    "code": "RU-KZ",
                    "countries": ["RU", "KZ"],
                    "ratio": 1.0,
                    "tolerance": 20,
                    "credit": {"RU": 120, "KZ": 0},
                    "mode": "soft",
                    "weight": 5.0,
                }
            ]
        },
    )

    type: Literal["reciprocity"]
    countries: Annotated[list[Code], Field(min_length=2, max_length=2)]
    ratio: Positive = 1.0
    tolerance: Shifts = 0.0
    credit: Annotated[dict[Code, Shifts], Field(max_length=2)] = Field(default_factory=dict)


AgreementCreate = Annotated[
    ContributionShareCreate | ReciprocityCreate, Field(discriminator="type")
]


class AgreementUpdate(BaseModel):
    """New values for an agreement (omitted fields are kept); fields of the other kind are
    refused. Credits are the usual edit: time obtained outside the round."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"credit": {"RU": 140, "KZ": 10}}]}
    )

    mode: Literal["hard", "soft"] | None = None
    weight: Positive | None = None
    facilities: Annotated[list[Code], Field(min_length=1, max_length=1000)] | None = None
    shares: Annotated[dict[Code, Ratio], Field(min_length=1, max_length=1000)] | None = None
    min_ratio: Ratio | None = None
    max_ratio: Ratio | None = None
    non_member_max_fraction: (
        Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)] | None
    ) = None
    countries: Annotated[list[Code], Field(min_length=2, max_length=2)] | None = None
    ratio: Positive | None = None
    tolerance: Shifts | None = None
    credit: Annotated[dict[Code, Shifts], Field(max_length=2)] | None = None


class AgreementRead(BaseModel):
    """An agreement: the policy object of the format, with its ETag version."""

    code: str
    type: Literal["contribution_share", "reciprocity"]
    mode: Literal["hard", "soft"]
    weight: float
    terms: dict[str, Any] = Field(
        description="The kind's fields as the format writes them (facilities, shares, ... "
        "or countries, ratio, tolerance, credit)."
    )
    version: int
