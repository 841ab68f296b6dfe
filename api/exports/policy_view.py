"""What the country report needs of an instance: its policies, and whose time each shift is.

Every figure of the report is a sum over awards of shifts x a country's share of the
proposal, restricted to some facilities (`scheduler.evaluation`). Two proposals with
the same shares are therefore interchangeable for it. A round of 10,000 proposals has
a few thousand distinct share lists at most, so the report is computed on a small
stand-in instance: the round's calendar, countries, facilities, instruments and
policies, and one proposal per distinct share list with one request (naming one
instrument: the report reads only where awards are, never where a request may go). Each request of
the round maps to its proposal's stand-in; the awards are summed per stand-in and
instrument. Sums of exact fractions do not depend on how they are grouped, so the
report is the same, to the last digit, as on the whole instance; and it is built from
the stored snapshot's JSON without validating 5 MB of it again (it was validated when
it was stored).

An allocation's snapshot never changes, so its stand-in is kept for the few
allocations read last (`PolicyViews`): after a booking changes, the report is
recomputed from the held time alone. The app keeps one `PolicyViews` in its state, so
what is kept lives and dies with the app and its database (tests and several apps in
one process do not share it); a service given none builds the stand-in afresh.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from models.exchange import Instance
from scheduler.evaluation import Award


@dataclass(frozen=True)
class PolicyView:
    """A stand-in instance and the stand-in request of each request of the round."""

    instance: Instance
    stand_in: Mapping[str, str]

    def awards(self, held: Mapping[tuple[str, str], int]) -> list[Award]:
        """`held` shifts per (request, instrument) as awards of the stand-in requests
        (requests the snapshot does not know are left out, as the report does)."""
        summed: defaultdict[tuple[str, str], int] = defaultdict(int)
        for (request, instrument), shifts in held.items():
            stand_in = self.stand_in.get(request)
            if stand_in is not None:
                summed[(stand_in, instrument)] += shifts
        return [
            Award(request, instrument, shifts) for (request, instrument), shifts in summed.items()
        ]


def policy_view(instance_json: str) -> PolicyView:
    """The stand-in of a stored instance snapshot (see the module)."""
    document: dict[str, Any] = json.loads(instance_json)
    instruments = [
        {key: value for key, value in instrument.items() if key != "closed"}
        for instrument in document["instruments"]
    ]
    # The report never reads a request's instruments, only where its awards are.
    any_instrument = [instruments[0]["id"]] if instruments else []
    stand_ins: dict[tuple[tuple[str, float], ...], str] = {}
    stand_in: dict[str, str] = {}
    for proposal in document["proposals"]:
        shares = tuple(sorted(proposal["countries"].items()))
        code = stand_ins.setdefault(shares, f"S-{len(stand_ins) + 1}")
        for request in proposal["requests"]:
            stand_in[request["id"]] = f"{code}/a"
    proposals = [
        {
            "id": code,
            "score": 1,
            "countries": dict(shares),
            "requests": [{"id": f"{code}/a", "instruments": any_instrument, "shifts": 1}],
        }
        for shares, code in stand_ins.items()
    ]
    reduced = {
        "format": document["format"],
        "round": document["round"],
        "countries": document["countries"],
        "facilities": document["facilities"],
        "instruments": instruments,
        "proposals": proposals,
        "policies": document.get("policies", []),
    }
    return PolicyView(Instance.model_validate(reduced), stand_in)


KEPT_VIEWS = 4
"""Stand-ins kept per app (a few rounds' accepted allocations)."""


class PolicyViews:
    """The stand-ins of the `kept` allocations read last, safe to share between threads."""

    def __init__(self, kept: int = KEPT_VIEWS) -> None:
        self._kept: OrderedDict[str, PolicyView] = OrderedDict()
        self._most = kept
        self._lock = threading.Lock()

    def of(self, allocation_id: str, instance_json: Callable[[], str]) -> PolicyView:
        """The stand-in of an allocation's snapshot, built from `instance_json()` the first
        time and kept for the next reads (the snapshot of an allocation never changes)."""
        with self._lock:
            view = self._kept.get(allocation_id)
            if view is not None:
                self._kept.move_to_end(allocation_id)
                return view
        view = policy_view(instance_json())
        with self._lock:
            self._kept[allocation_id] = view
            while len(self._kept) > self._most:
                self._kept.popitem(last=False)
        return view

    def __len__(self) -> int:
        return len(self._kept)
