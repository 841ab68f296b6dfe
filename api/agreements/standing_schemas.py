"""Standing agreements as the API shows them: a policy of the format with its period."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.agreements.schemas import (
    AgreementUpdate,
    ContributionShareCreate,
    ReciprocityCreate,
    Shifts,
)
from api.fields import Code

Name = Annotated[str, Field(max_length=1000)]


class _InForce(BaseModel):
    name: Name = ""
    in_force_from: AwareDatetime = Field(description="When the agreement takes effect (UTC).")
    in_force_until: AwareDatetime | None = Field(
        default=None, description="When it ends (exclusive); none: open-ended."
    )


class StandingContributionShareCreate(ContributionShareCreate, _InForce):
    """A consortium's contribution-share policy; `history` is time received before beamtime."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "contribution_share",
                    "code": "JINR-members",
                    "in_force_from": "2025-01-01T00:00:00Z",
                    "facilities": ["NICA"],
                    "shares": {"RU": 0.8, "KZ": 0.2},
                    "min_ratio": 0.9,
                    "mode": "hard",
                }
            ]
        },
    )

    history: Annotated[dict[Code, Shifts], Field(max_length=1000)] | None = None


class StandingReciprocityCreate(ReciprocityCreate, _InForce):
    """A bilateral reciprocity policy; `credit` is time obtained before beamtime (shifts)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "reciprocity",
                    "code": "RU-KZ",
                    "in_force_from": "2025-01-01T00:00:00Z",
                    "countries": ["RU", "KZ"],
                    "tolerance": 20,
                    "mode": "soft",
                    "weight": 5.0,
                }
            ]
        },
    )


StandingAgreementCreate = Annotated[
    StandingContributionShareCreate | StandingReciprocityCreate, Field(discriminator="type")
]


class StandingAgreementUpdate(AgreementUpdate):
    """New values (omitted fields are kept); fields of the other kind are refused."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"in_force_until": "2030-01-01T00:00:00Z"}]},
    )

    name: Name | None = None
    in_force_from: AwareDatetime | None = None
    in_force_until: AwareDatetime | None = None
    history: Annotated[dict[Code, Shifts], Field(max_length=1000)] | None = None


class StandingAgreementRead(BaseModel):
    """A standing agreement: the policy object of the format, its period and ETag version."""

    code: str
    name: str
    type: Literal["contribution_share", "reciprocity"]
    mode: Literal["hard", "soft"]
    weight: float
    terms: dict[str, Any] = Field(description="The kind's fields as the format writes them.")
    in_force_from: datetime
    in_force_until: datetime | None
    version: int


ContributionThreshold = Literal["min_ratio", "max_ratio", "non_member_max_fraction"]
ReciprocityThreshold = Literal["ratio", "tolerance"]


class AdjustmentWrite(BaseModel):
    """One round's thresholds of a standing agreement, and why they differ."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"changes": {"tolerance": 40}, "reason": "commissioning of a beamline"}]
        },
    )

    changes: dict[ContributionThreshold | ReciprocityThreshold, float | None] = Field(
        max_length=5,
        description="Threshold -> value for this round (null removes an optional bound).",
    )
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class RoundAgreementRead(BaseModel):
    """A standing agreement as one round takes it: its own terms, the round's changes and
    the policy the round's instance carries (credits and history from the ledger)."""

    code: str
    type: Literal["contribution_share", "reciprocity"]
    agreement: StandingAgreementRead
    changes: dict[str, Any]
    reason: str
    policy: dict[str, Any] = Field(description="The policy object of the round's instance.")
