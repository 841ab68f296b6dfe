"""Small valid instance documents (plain JSON data) for tests to corrupt one rule at a time."""

from __future__ import annotations

import copy
from typing import Any

Document = dict[str, Any]


def request_data(request_id: str = "P-1/a", **fields: Any) -> Document:
    """A request for 6 shifts on INS-A."""
    return {"id": request_id, "instruments": ["INS-A"], "shifts": 6, **fields}


def proposal_data(proposal_id: str = "P-1", **fields: Any) -> Document:
    """A Russian proposal scored 4.0 with one request."""
    return {
        "id": proposal_id,
        "title": "Test proposal",
        "score": 4.0,
        "countries": {"RU": 1.0},
        "requests": [request_data(f"{proposal_id}/a")],
        **fields,
    }


def instance_data(**sections: Any) -> Document:
    """A valid two-facility round of 60 shifts with two proposals and both policy kinds."""
    document: Document = {
        "format": "beamtime-instance/1",
        "round": {
            "id": "R-1",
            "name": "Test round",
            "start": "2027-02-01T08:00:00Z",
            "shift_hours": 8,
            "n_shifts": 60,
        },
        "countries": [{"code": "RU", "name": "Russia"}, {"code": "KZ", "name": "Kazakhstan"}],
        "facilities": [
            {"id": "NICA", "name": "NICA", "host_country": "RU"},
            {"id": "INP", "name": "INP", "host_country": "KZ"},
        ],
        "instruments": [
            {"id": "INS-A", "facility": "NICA", "capacity": 1, "closed": [[0, 6]]},
            {"id": "INS-B", "facility": "INP", "capacity": 2, "closed": []},
        ],
        "proposals": [
            proposal_data("P-1"),
            proposal_data(
                "P-2",
                countries={"KZ": 0.6, "RU": 0.4},
                requests=[request_data("P-2/a", instruments=["INS-B"], min_shifts=3, min_block=3)],
            ),
        ],
        "precedences": [{"before": "P-1/a", "after": "P-2/a", "min_gap": 2}],
        "policies": [
            {
                "type": "contribution_share",
                "id": "MEMBERS",
                "facilities": ["NICA"],
                "shares": {"RU": 0.8, "KZ": 0.2},
                "min_ratio": 0.5,
                "max_ratio": 1.5,
                "non_member_max_fraction": 0.25,
                "mode": "soft",
                "weight": 2.0,
            },
            {
                "type": "reciprocity",
                "id": "RU-KZ",
                "countries": ["RU", "KZ"],
                "ratio": 1.0,
                "tolerance": 10,
                "credit": {"RU": 5, "KZ": 0},
                "mode": "hard",
            },
        ],
    }
    document.update(sections)
    return copy.deepcopy(document)
