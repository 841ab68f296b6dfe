"""Small typed factories that build test data through the API itself."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import Caller

START = "2027-02-01T08:00:00Z"


def country(admin: Caller, code: str, name: str = "") -> dict[str, Any]:
    """Add a country."""
    body: dict[str, Any] = admin.ok("POST", "/countries", 201, json={"code": code, "name": name})
    return body


def group(admin: Caller, code: str) -> dict[str, Any]:
    """Add a research group (admins only)."""
    body: dict[str, Any] = admin.ok("POST", "/groups", 201, json={"code": code, "name": code})
    return body


def facility(
    coordinator: Caller, code: str, host: str, instruments: dict[str, int]
) -> dict[str, Any]:
    """Add a facility and its instruments (code -> capacity)."""
    body: dict[str, Any] = coordinator.ok(
        "POST",
        "/facilities",
        201,
        json={"code": code, "name": f"{code} facility", "host_country": host},
    )
    for instrument, capacity in instruments.items():
        coordinator.ok(
            "POST",
            f"/facilities/{code}/instruments",
            201,
            json={"code": instrument, "name": f"{instrument} station", "capacity": capacity},
        )
    return body


def round_(
    coordinator: Caller,
    code: str,
    facilities: list[str],
    *,
    n_shifts: int = 30,
    state: str | None = None,
    start: str = START,
) -> dict[str, Any]:
    """Set up a round in draft, optionally moved on to `state` (open or review)."""
    body: dict[str, Any] = coordinator.ok(
        "POST",
        "/rounds",
        201,
        json={
            "code": code,
            "name": f"Round {code}",
            "start": start,
            "shift_hours": 8,
            "n_shifts": n_shifts,
            "facilities": facilities,
        },
    )
    path = ["open", "review"]
    if state is not None:
        for target in path[: path.index(state) + 1]:
            body = coordinator.ok("POST", f"/rounds/{code}/transitions", json={"to": target})
    return body


def proposal_body(
    instruments: list[str],
    *,
    shifts: int = 4,
    title: str = "Beam test",
    countries: dict[str, float] | None = None,
    **request: Any,
) -> dict[str, Any]:
    """A proposal with one request."""
    return {
        "title": title,
        "countries": countries or {"KZ": 1.0},
        "requests": [{"instruments": instruments, "shifts": shifts, **request}],
    }


def submit(proposer: Caller, round_code: str, body: dict[str, Any]) -> dict[str, Any]:
    """Submit a proposal and return it."""
    created: dict[str, Any] = proposer.ok("POST", f"/rounds/{round_code}/proposals", 201, json=body)
    return created


def instance_document(round_code: str = "IMP-1", *, n_shifts: int = 20) -> dict[str, Any]:
    """A small valid instance: two countries, one facility, two instruments, three proposals."""
    return {
        "format": "beamtime-instance/1",
        "round": {
            "id": round_code,
            "name": "Imported",
            "start": START,
            "shift_hours": 8,
            "n_shifts": n_shifts,
        },
        "countries": [{"code": "KZ", "name": "Kazakhstan"}, {"code": "RU", "name": "Russia"}],
        "facilities": [{"id": "IMPF", "name": "Imported facility", "host_country": "RU"}],
        "instruments": [
            {"id": "IMPF-A", "facility": "IMPF", "capacity": 1, "closed": [[0, 2]]},
            {"id": "IMPF-B", "facility": "IMPF", "capacity": 2},
        ],
        "proposals": [
            {
                "id": "P-1",
                "title": "First",
                "score": 4.5,
                "countries": {"RU": 0.5, "KZ": 0.5},
                "requests": [
                    {
                        "id": "P-1/a",
                        "instruments": ["IMPF-A", "IMPF-B"],
                        "shifts": 6,
                        "min_shifts": 4,
                        "min_block": 2,
                        "unavailable": [[10, 12]],
                    }
                ],
            },
            {
                "id": "P-2",
                "title": "Second",
                "score": 3.0,
                "countries": {"KZ": 1},
                "requests": [{"id": "P-2/a", "instruments": ["IMPF-A"], "shifts": 5}],
            },
            {
                "id": "P-3",
                "title": "Third",
                "score": 2.25,
                "countries": {"RU": 1},
                "coupled": False,
                "requests": [
                    {"id": "P-3/a", "instruments": ["IMPF-B"], "shifts": 3},
                    {
                        "id": "P-3/b",
                        "instruments": ["IMPF-B"],
                        "shifts": 2,
                        "release": 5,
                        "deadline": 15,
                    },
                ],
            },
        ],
        "precedences": [{"before": "P-3/a", "after": "P-3/b", "min_gap": 1}],
        "policies": [
            {
                "type": "reciprocity",
                "id": "RU-KZ",
                "countries": ["RU", "KZ"],
                "ratio": 1.0,
                "tolerance": 50,
                "credit": {"RU": 5},
                "mode": "soft",
                "weight": 2.0,
            },
        ],
    }
