"""The calendar-free selection model: its optimum bounds every valid schedule (the engine's
bound), on rounds with windows, team absences, closures, capacities and precedences."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from models.exchange import Instance
from scheduler.model.selection import build_selection_model
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from tests.scheduler.engine.brute_force import best_objective

N_SHIFTS = 8


def selection_optimum(instance: Instance) -> Fraction:
    """The selection model's proven optimum, in the format's units."""
    prepared = prepare(instance)
    selection = build_selection_model(prepared, all_policy_rows(prepared.index))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20.0
    assert solver.solve(selection.model) == cp_model.OPTIMAL
    return selection.objective.value(solver.objective_value)


def round_of(requests: list[dict[str, Any]], **extra: Any) -> Instance:
    """One proposal per request, all of one country, on one or two instruments."""
    return Instance.model_validate(
        {
            "format": "beamtime-instance/1",
            "round": {"id": "bound", "start": "2027-01-01T00:00:00Z", "n_shifts": N_SHIFTS},
            "countries": [{"code": "RU"}, {"code": "KZ"}],
            "facilities": [{"id": "F", "host_country": "RU"}],
            "instruments": extra.pop(
                "instruments", [{"id": "I-0", "facility": "F"}, {"id": "I-1", "facility": "F"}]
            ),
            "proposals": [
                {
                    "id": f"P-{n}",
                    "score": request.pop("score", 1.0),
                    "countries": request.pop("countries", {"RU": 1.0}),
                    "requests": [{"id": f"P-{n}/a", **request}],
                }
                for n, request in enumerate(requests)
            ],
            **extra,
        }
    )


@st.composite
def small_rounds(draw: st.DrawFn) -> Instance:
    """Three requests over eight shifts, with windows, absences, closures and precedences."""
    requests = []
    for _ in range(3):
        shifts = draw(st.integers(1, 4))
        min_shifts = draw(st.integers(1, shifts))
        min_block = draw(st.integers(1, min_shifts))
        release = draw(st.integers(0, 3))
        request: dict[str, Any] = {
            "instruments": draw(st.sampled_from([["I-0"], ["I-1"], ["I-0", "I-1"]])),
            "shifts": shifts,
            "min_shifts": min_shifts,
            "min_block": min_block,
            "release": release,
            "deadline": draw(st.integers(release + min_block, N_SHIFTS)),
            "score": draw(st.sampled_from([1.0, 2.5, 4.0])),
            "countries": draw(st.sampled_from([{"RU": 1.0}, {"KZ": 1.0}])),
        }
        if draw(st.booleans()):
            start = draw(st.integers(0, N_SHIFTS - 1))
            request["unavailable"] = [[start, draw(st.integers(start + 1, N_SHIFTS))]]
        requests.append(request)
    precedences = [
        {"before": f"P-{before}/a", "after": f"P-{after}/a", "min_gap": draw(st.integers(0, 2))}
        for before, after in ((0, 1), (1, 2))
        if draw(st.booleans())
    ]
    policies = (
        [
            {
                "type": "reciprocity",
                "id": "RU-KZ",
                "countries": ["RU", "KZ"],
                "tolerance": 1,
                "mode": "soft",
                "weight": 0.5,
            }
        ]
        if draw(st.booleans())
        else []
    )
    instruments = [
        {
            "id": f"I-{i}",
            "facility": "F",
            "capacity": draw(st.integers(1, 2)),
            "closed": [[2, 3]] if draw(st.booleans()) else [],
        }
        for i in range(2)
    ]
    return round_of(requests, instruments=instruments, precedences=precedences, policies=policies)


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(small_rounds())
def test_the_selection_optimum_is_never_below_the_best_valid_award(instance: Instance) -> None:
    assert selection_optimum(instance) >= best_objective(instance)
