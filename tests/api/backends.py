"""A job backend for tests that only records what it was asked to run."""

from __future__ import annotations


class RecordingBackend:
    """Records submitted job ids instead of running them (authorization tests)."""

    name = "recording"

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, job_id: str) -> None:
        """Remember the job."""
        self.submitted.append(job_id)

    def terminate(self, job_id: str) -> bool:
        """Nothing runs, so nothing stops."""
        return False

    def start(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""
