"""Properties on random rounds: always valid, optimal on tiny ones, never below valid greedy."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.exchange import Instance
from scheduler.checking import check_solution
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.scheduler.engine.brute_force import best_objective
from tests.scheduler.engine.helpers import solved

SETTINGS: Any = {
    "max_examples": 12,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": True,
}


@st.composite
def small_rounds(draw: st.DrawFn) -> Instance:
    return generate_instance(
        GeneratorConfig(
            seed=draw(st.integers(0, 10_000)),
            proposals=draw(st.integers(3, 25)),
            instruments=draw(st.integers(1, 5)),
            shifts=draw(st.integers(20, 120)),
            policies=draw(st.sampled_from(["none", "hard", "soft", "mixed"])),
            calendar=draw(st.sampled_from(["normal", "tight", "fragmented"])),
        )
    )


@settings(**SETTINGS)
@given(small_rounds())
def test_every_solution_passes_the_checker(instance: Instance) -> None:
    solved(instance, time_limit=1.5)


@st.composite
def tiny_rounds(draw: st.DrawFn) -> Instance:
    """Two or three requests on one or two instruments over six shifts."""
    n_shifts = 6
    instruments = draw(st.integers(1, 2))
    requests = []
    for number in range(draw(st.integers(2, 3))):
        shifts = draw(st.integers(1, 4))
        min_shifts = draw(st.integers(1, shifts))
        requests.append(
            {
                "id": f"P-{number}/a",
                "instruments": draw(
                    st.sampled_from(
                        [["I-0"], ["I-1"], ["I-0", "I-1"]] if instruments == 2 else [["I-0"]]
                    )
                ),
                "shifts": shifts,
                "min_shifts": min_shifts,
                "min_block": draw(st.integers(1, min_shifts)),
            }
        )
    proposals = [
        {
            "id": f"P-{n}",
            "score": draw(st.sampled_from([1.0, 2.5, 3.7, 4.0])),
            "countries": draw(st.sampled_from([{"RU": 1.0}, {"KZ": 1.0}, {"RU": 0.5, "KZ": 0.5}])),
            "requests": [request],
        }
        for n, request in enumerate(requests)
    ]
    policies: list[dict[str, Any]] = []
    if draw(st.booleans()):
        policies.append(
            {
                "type": "reciprocity",
                "id": "RU-KZ",
                "countries": ["RU", "KZ"],
                "tolerance": draw(st.sampled_from([0, 1, 2])),
                "mode": draw(st.sampled_from(["hard", "soft"])),
                "weight": 1.5,
            }
        )
    precedences = [{"before": "P-0/a", "after": "P-1/a"}] if draw(st.booleans()) else []
    return Instance.model_validate(
        {
            "format": "beamtime-instance/1",
            "round": {"id": "tiny", "start": "2027-01-01T00:00:00Z", "n_shifts": n_shifts},
            "countries": [{"code": "RU"}, {"code": "KZ"}],
            "facilities": [
                {"id": "F-RU", "host_country": "RU"},
                {"id": "F-KZ", "host_country": "KZ"},
            ],
            "instruments": [
                {
                    "id": f"I-{i}",
                    "facility": "F-RU" if i == 0 else "F-KZ",
                    "closed": [[2, 3]] if draw(st.booleans()) else [],
                }
                for i in range(instruments)
            ],
            "proposals": proposals,
            "precedences": precedences,
            "policies": policies,
        }
    )


@settings(**{**SETTINGS, "max_examples": 25})
@given(tiny_rounds())
def test_the_optimum_equals_brute_force_enumeration(instance: Instance) -> None:
    solution = solved(instance, time_limit=3.0)
    assert solution.status == "optimal"
    assert solution.objective is not None
    assert abs(solution.objective - float(best_objective(instance))) <= 1e-6


@settings(**SETTINGS)
@given(small_rounds())
def test_never_worse_than_a_valid_greedy_solution(instance: Instance) -> None:
    greedy = solve(instance, SolveParams(method="greedy"))
    engine = solved(instance, time_limit=1.5)
    if check_solution(instance, greedy).valid:
        assert greedy.objective is not None
        assert engine.objective is not None
        assert engine.objective >= greedy.objective - 1e-6
