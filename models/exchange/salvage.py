"""The valid parts of an invalid instance document, so its other problems can be found too."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from models.exchange.fields import MAX_HORIZON
from models.exchange.instance import (
    Country,
    Facility,
    Instrument,
    Policy,
    Precedence,
    Proposal,
    Round,
)
from models.exchange.parts import InstanceParts
from models.exchange.replan import BaselineAssignment, DeliveredTime, Replan

_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "round": TypeAdapter(Round),
    "countries": TypeAdapter(Country),
    "facilities": TypeAdapter(Facility),
    "instruments": TypeAdapter(Instrument),
    "proposals": TypeAdapter(Proposal),
    "precedences": TypeAdapter(Precedence),
    "policies": TypeAdapter(Policy),
}

_DELIVERED: TypeAdapter[DeliveredTime] = TypeAdapter(DeliveredTime)
_BASELINE: TypeAdapter[BaselineAssignment] = TypeAdapter(BaselineAssignment)

_ID_FIELD = {"countries": "code"}
_KIND = {
    "countries": "country",
    "facilities": "facility",
    "instruments": "instrument",
}


def salvage_parts(data: Any) -> InstanceParts:
    """Every object of `data` that is valid on its own, with its position in its list."""
    if not isinstance(data, dict):
        data = {}
    sections = {name: _valid_items(name, data.get(name)) for name in _ADAPTERS if name != "round"}
    return InstanceParts(
        round=_valid_round(data.get("round")),
        countries=sections["countries"],
        facilities=sections["facilities"],
        instruments=sections["instruments"],
        proposals=sections["proposals"],
        precedences=sections["precedences"],
        policies=sections["policies"],
        written_ids=_written_ids(data),
        replan=_valid_replan(data.get("replan")),
    )


def _valid_replan(value: Any) -> Replan | None:
    """The `replan` section with its valid entries only, when `now` itself is valid."""
    if not isinstance(value, dict):
        return None
    now = value.get("now")
    if type(now) is not int or not 0 <= now <= MAX_HORIZON:
        return None
    return Replan.model_construct(
        now=now,
        delivered=tuple(item for _, item in _valid_list(_DELIVERED, value.get("delivered"))),
        baseline=tuple(item for _, item in _valid_list(_BASELINE, value.get("baseline"))),
    )


def _valid_list(adapter: TypeAdapter[Any], value: Any) -> list[tuple[int, Any]]:
    if not isinstance(value, list):
        return []
    valid = []
    for index, item in enumerate(value):
        try:
            valid.append((index, adapter.validate_python(item)))
        except ValidationError:
            continue
    return valid


def _valid_round(value: Any) -> Round | None:
    try:
        return Round.model_validate(value)
    except ValidationError:
        return None


def _valid_items(section: str, value: Any) -> list[tuple[int, Any]]:
    return _valid_list(_ADAPTERS[section], value)


def _written_ids(data: dict[str, Any]) -> dict[str, set[str]]:
    """Every id written in the document by kind, whether or not its object is valid."""
    written: dict[str, set[str]] = {
        "country": set(),
        "facility": set(),
        "instrument": set(),
        "request": set(),
    }
    for section, kind in _KIND.items():
        for item in _dicts(data.get(section)):
            identifier = item.get(_ID_FIELD.get(section, "id"))
            if isinstance(identifier, str):
                written[kind].add(identifier)
    for proposal in _dicts(data.get("proposals")):
        for request in _dicts(proposal.get("requests")):
            if isinstance(request.get("id"), str):
                written["request"].add(request["id"])
    return written


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
