"""What-if studies as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from models.orm import JobStatus
from scheduler.whatif.report import WhatIfReport

MAX_VARIANTS = 20
"""Variants per study: each is a solve job, and one study should not fill the queue."""

VARIANT_EXAMPLE: dict[str, Any] = {
    "format": "beamtime-variant/1",
    "id": "ru-kz-30",
    "name": "RU-KZ with a tolerance of 30 shifts",
    "edits": [{"policy": "RU-KZ", "tolerance": 30}],
}


class WhatIfCreate(BaseModel):
    """Variants to solve beside the round, and solver settings for every job."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"variants": [VARIANT_EXAMPLE], "price": True}]},
    )

    variants: Annotated[
        list[dict[str, Any]],
        Field(
            max_length=MAX_VARIANTS,
            description="`beamtime-variant/1` documents (see docs/whatif.md).",
        ),
    ] = []
    price: bool = Field(
        default=False, description="Also solve the round without each policy, to price it."
    )
    time_limit: Annotated[
        float,
        Field(gt=0, le=86_400, allow_inf_nan=False, description="Seconds of search per job."),
    ] = 30.0
    workers: Annotated[int, Field(ge=1, le=64)] = 2
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 1


class WhatIfCaseRead(BaseModel):
    """One solve of the study and its job's state."""

    key: str = Field(description="`base`, `variant:ID` or `without:POLICY`.")
    kind: str = Field(description="`base`, `variant` or `price`.")
    subject: str
    job: str = Field(description="The solve job's id (`GET /solves/{job}`).")
    status: JobStatus
    objective: float | None
    bound: float | None
    gap: float | None
    elapsed: float | None


class WhatIfRead(BaseModel):
    """A study: its cases as their jobs stand, and the report of those finished so far."""

    id: str
    round: str
    created_by: str
    created_at: datetime
    price: bool
    params: dict[str, Any]
    finished: bool = Field(description="Whether every job has finished.")
    cases: list[WhatIfCaseRead]
    report: WhatIfReport | None = Field(
        description="The `beamtime-whatif/1` report of the finished cases (null until the base "
        "has a solution); `estimate` is always null here (the CLI computes it)."
    )
