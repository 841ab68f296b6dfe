"""Small rounds for the what-if tests, built with the scheduler's factories."""

from __future__ import annotations

from models.exchange import Instance, Policy
from tests.scheduler.factories import instance, instrument, proposal, request


def exchange_round(*policies: Policy) -> Instance:
    """RU's best proposal runs at KZ's INP; KZ's proposals are weak, so balance costs.

    Six shifts on one NICA and one INP instrument: small enough to prove every optimum
    and to enumerate by brute force.
    """
    return instance(
        [
            proposal(
                "P-1", 10.0, [request("P-1/a", ["INP-1"], 4, min_shifts=1, deadline=6)], {"RU": 1.0}
            ),
            proposal("P-2", 2.0, [request("P-2/a", ["NICA-1"], 2, deadline=6)], {"KZ": 1.0}),
            proposal("P-3", 1.0, [request("P-3/a", ["INP-1"], 6, deadline=6)], {"KZ": 1.0}),
        ],
        [instrument("NICA-1"), instrument("INP-1", facility="INP")],
        policies=list(policies),
        n_shifts=6,
    )
