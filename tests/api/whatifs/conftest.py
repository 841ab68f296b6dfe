"""The queue tests' Redis fixture, shared with the what-if tests."""

from tests.api.test_queue_backend import broker

__all__ = ["broker"]
