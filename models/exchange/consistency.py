"""Rules of `beamtime-instance/1` that relate several fields or objects.

Each rule is a function that yields `Problem`s; `find_consistency_problems` runs
them all, so a document's problems are reported together. Rules see only the
objects that passed their own field checks (see `InstanceParts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from models.exchange.instance import ContributionSharePolicy
from models.exchange.parts import InstanceParts
from models.exchange.problems import Loc, Problem
from models.exchange.replan_rules import (
    baseline_blocks,
    delivered_time,
    history_countries,
    replan_now_inside_horizon,
)
from models.exchange.rules import (
    duplicate_problems,
    interval_problems,
    located,
    policy_problems,
    precedence_problems,
    request_problems,
    share_problems,
)


def find_consistency_problems(parts: InstanceParts) -> list[Problem]:
    """Every cross-field problem of the document, in document order."""
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(parts))
    return problems


class _Ids:
    """Ids defined in the document, by kind, for reference checks."""

    def __init__(self, parts: InstanceParts) -> None:
        self.country = {country.code for _, country in parts.countries}
        self.facility = {facility.id for _, facility in parts.facilities}
        self.instrument = {instrument.id for _, instrument in parts.instruments}
        self.request = {
            request.id for _, proposal in parts.proposals for request in proposal.requests
        }
        for kind, written in parts.written_ids.items():
            getattr(self, kind).update(written)


def _duplicates(items: Iterable[tuple[Loc, str]], kind: str) -> Iterator[Problem]:
    first_seen: dict[str, Loc] = {}
    for loc, identifier in items:
        if identifier in first_seen:
            where = Problem(first_seen[identifier], "").path
            yield Problem(loc, f"{kind} {identifier!r} is defined twice (first at {where})")
        else:
            first_seen[identifier] = loc


def unique_ids(parts: InstanceParts) -> Iterator[Problem]:
    """Ids are unique within their kind; request ids across the whole instance."""
    yield from _duplicates(
        ((("countries", i, "code"), country.code) for i, country in parts.countries), "country"
    )
    yield from _duplicates(
        ((("facilities", i, "id"), facility.id) for i, facility in parts.facilities), "facility"
    )
    yield from _duplicates(
        ((("instruments", i, "id"), item.id) for i, item in parts.instruments), "instrument"
    )
    yield from _duplicates(
        ((("proposals", i, "id"), proposal.id) for i, proposal in parts.proposals), "proposal"
    )
    yield from _duplicates(
        (
            (("proposals", i, "requests", j, "id"), request.id)
            for i, proposal in parts.proposals
            for j, request in enumerate(proposal.requests)
        ),
        "request",
    )
    yield from _duplicates(
        ((("policies", i, "id"), policy.id) for i, policy in parts.policies), "policy"
    )


def known_references(parts: InstanceParts) -> Iterator[Problem]:
    """Every reference names an id that exists."""
    ids = _Ids(parts)

    def unknown(kind: str, value: str, known: set[str], loc: Loc) -> Iterator[Problem]:
        if value not in known:
            plural = {"country": "countries", "facility": "facilities"}.get(kind, kind + "s")
            yield Problem(loc, f"unknown {kind} {value!r}: it is not listed in `{plural}`")

    for i, facility in parts.facilities:
        yield from unknown(
            "country", facility.host_country, ids.country, ("facilities", i, "host_country")
        )
    for i, instrument in parts.instruments:
        yield from unknown(
            "facility", instrument.facility, ids.facility, ("instruments", i, "facility")
        )
    for i, proposal in parts.proposals:
        for code in proposal.countries:
            yield from unknown("country", code, ids.country, ("proposals", i, "countries", code))
        for j, request in enumerate(proposal.requests):
            for k, instrument_id in enumerate(request.instruments):
                yield from unknown(
                    "instrument",
                    instrument_id,
                    ids.instrument,
                    ("proposals", i, "requests", j, "instruments", k),
                )
    for i, precedence in parts.precedences:
        yield from unknown("request", precedence.before, ids.request, ("precedences", i, "before"))
        yield from unknown("request", precedence.after, ids.request, ("precedences", i, "after"))
    for i, policy in parts.policies:
        if isinstance(policy, ContributionSharePolicy):
            for k, facility_id in enumerate(policy.facilities):
                yield from unknown(
                    "facility", facility_id, ids.facility, ("policies", i, "facilities", k)
                )
            for code in policy.shares:
                yield from unknown("country", code, ids.country, ("policies", i, "shares", code))
        else:
            for k, code in enumerate(policy.countries):
                yield from unknown("country", code, ids.country, ("policies", i, "countries", k))


def intervals_inside_horizon(parts: InstanceParts) -> Iterator[Problem]:
    """Closed intervals are `[start, end)` with start < end <= n_shifts (requests'
    unavailable intervals are checked with the request, `request_sizes`)."""
    n_shifts = parts.round.n_shifts if parts.round else None
    for i, instrument in parts.instruments:
        yield from located(
            ("instruments", i, "closed"), interval_problems(instrument.closed, n_shifts)
        )


def request_sizes(parts: InstanceParts) -> Iterator[Problem]:
    """Every request obeys `rules.request_problems`; no instrument is listed twice."""
    n_shifts = parts.round.n_shifts if parts.round else None
    for i, proposal in parts.proposals:
        for j, request in enumerate(proposal.requests):
            loc: Loc = ("proposals", i, "requests", j)
            yield from located(loc, request_problems(request, n_shifts))
            yield from located(
                (*loc, "instruments"), duplicate_problems(request.instruments, "instrument")
            )


def shares_sum_to_one(parts: InstanceParts) -> Iterator[Problem]:
    """A proposal's country shares sum to 1 (`rules.share_problems`)."""
    for i, proposal in parts.proposals:
        yield from located(("proposals", i, "countries"), share_problems(proposal.countries))


def policy_parameters(parts: InstanceParts) -> Iterator[Problem]:
    """Every policy obeys `rules.policy_problems`."""
    for i, policy in parts.policies:
        yield from located(("policies", i), policy_problems(policy))


def precedences_are_acyclic(parts: InstanceParts) -> Iterator[Problem]:
    """Precedences name two different requests and form no cycle (`rules.precedence_problems`)."""
    positions = [i for i, _ in parts.precedences]
    pairs = [(precedence.before, precedence.after) for _, precedence in parts.precedences]
    for problem in precedence_problems(pairs):
        index = problem.loc[0]
        assert isinstance(index, int)
        yield Problem(("precedences", positions[index], *problem.loc[1:]), problem.message)


RULES: tuple[Callable[[InstanceParts], Iterator[Problem]], ...] = (
    unique_ids,
    known_references,
    intervals_inside_horizon,
    request_sizes,
    shares_sum_to_one,
    policy_parameters,
    precedences_are_acyclic,
    history_countries,
    replan_now_inside_horizon,
    delivered_time,
    baseline_blocks,
)
