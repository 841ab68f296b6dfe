"""Waiting for solve jobs in tests."""

from __future__ import annotations

import time
from typing import Any

from tests.api.helpers import Caller

FINISHED = {"succeeded", "failed", "cancelled"}


def wait_for_job(
    caller: Caller, job_id: str, *, statuses: set[str] = FINISHED, timeout: float = 120.0
) -> dict[str, Any]:
    """Poll a job until its status is one of `statuses`; fail the test after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = caller.ok("GET", f"/solves/{job_id}")
        if job["status"] in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout} s: {job}")
        time.sleep(0.1)
