"""Solve jobs as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from models.orm import JobStatus


class SolveCreate(BaseModel):
    """Solver settings for a job (see `scheduler.params.SolveParams`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"method": "cpsat", "time_limit": 30, "workers": 2, "seed": 1}]
        },
    )

    method: Literal["cpsat", "greedy"] = "cpsat"
    time_limit: Annotated[
        float, Field(gt=0, le=86_400, allow_inf_nan=False, description="Seconds of search.")
    ] = 30.0
    workers: Annotated[int, Field(strict=True, ge=1, le=64)] = 2
    seed: Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)] = 1
    deterministic: StrictBool = False


class ProgressRead(BaseModel):
    """An improving solution found during the solve."""

    model_config = ConfigDict(from_attributes=True)

    seconds: float = Field(description="Since the solve started.")
    objective: float
    bound: float | None
    gap: float | None
    recorded_at: datetime


class SolveJobRead(BaseModel):
    """A solve job: its state, its latest progress and its result."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f1c2a9e-5d3b-4c61-9a7e-0b8f5d2e6c14",
                    "round": "2027-I",
                    "status": "running",
                    "backend": "local",
                    "params": {
                        "method": "cpsat",
                        "time_limit": 30.0,
                        "workers": 2,
                        "seed": 1,
                        "deterministic": False,
                    },
                    "created_by": "user office",
                    "created_at": "2027-01-10T09:00:00Z",
                    "started_at": "2027-01-10T09:00:01Z",
                    "finished_at": None,
                    "heartbeat_at": "2027-01-10T09:00:07Z",
                    "cancel_requested": False,
                    "objective": 15230.4,
                    "bound": 15402.0,
                    "gap": 0.0111,
                    "elapsed": 6.1,
                    "solution_status": None,
                    "error": None,
                    "allocation": None,
                }
            ]
        }
    )

    id: str
    round: str
    status: JobStatus
    backend: str
    params: dict[str, object]
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    cancel_requested: bool
    objective: float | None
    bound: float | None
    gap: float | None
    elapsed: float | None = Field(description="Seconds of solving at the latest progress.")
    solution_status: str | None
    error: str | None
    allocation: str | None = Field(description="The candidate allocation made from the result.")
