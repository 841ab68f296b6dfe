"""The job execution interface."""

from __future__ import annotations

from typing import Protocol


class JobBackend(Protocol):
    """Where solve jobs run. Implementations never hold job state themselves.

    Attributes:
        name: recorded on each job (`local`, `dramatiq`).
    """

    name: str

    def submit(self, job_id: str) -> None:
        """Start the queued job `job_id` (already committed) somewhere else."""

    def terminate(self, job_id: str) -> bool:
        """Stop the job's worker at once if this backend can; False when it cannot."""

    def start(self) -> None:
        """Begin background duties (supervising workers); called at application start."""

    def stop(self) -> None:
        """End background duties; running jobs are left to finish or be supervised."""
