"""The `beamtime-instance/1` document: one allocation round, as pydantic models.

Field-level rules (types, ranges, decimals) live on the fields; rules that relate
several fields or objects (references, horizon, cycles) live in
`models.exchange.consistency` and run from `Instance`'s validator, so that one
validation reports every problem of a document at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, Strict, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from pydantic_core import ValidationError as CoreValidationError

from models.exchange.fields import (
    MAX_HORIZON,
    MAX_ITEMS,
    STRICT_FROZEN,
    Decimal4,
    Identifier,
    Interval,
    Label,
    ShiftNumber,
)
from models.exchange.parts import InstanceParts
from models.exchange.problems import (
    Problem,
    clean_loc,
    document_order,
    explain_field_error,
    without_knock_on_errors,
)
from models.exchange.replan import Replan

INSTANCE_FORMAT = "beamtime-instance/1"

PositiveShifts = Annotated[int, Field(ge=1, le=MAX_HORIZON), Strict()]
Positive4 = Annotated[Decimal4, Field(gt=0)]
NonNegative4 = Annotated[Decimal4, Field(ge=0)]
Intervals = Annotated[tuple[Interval, ...], Field(max_length=MAX_HORIZON, strict=False)]


class _Frozen(BaseModel):
    model_config = STRICT_FROZEN


class Round(_Frozen):
    """The round's calendar: shift 0 starts at `start`, each shift lasts `shift_hours` hours."""

    id: Identifier
    name: Label = ""
    start: Annotated[datetime, Field(strict=False)]
    shift_hours: Annotated[int, Field(ge=1, le=24)] = 8
    n_shifts: Annotated[int, Field(ge=1, le=MAX_HORIZON)]


class Country(_Frozen):
    """A country or economy that proposals and policies can name."""

    code: Identifier
    name: Label = ""


class Facility(_Frozen):
    """A facility (accelerator complex, reactor, synchrotron) hosted by one country."""

    id: Identifier
    name: Label = ""
    host_country: Identifier


class Instrument(_Frozen):
    """An instrument of a facility; `closed` intervals (in shifts) are not offered to users."""

    id: Identifier
    facility: Identifier
    name: Label = ""
    capacity: Annotated[int, Field(ge=1, le=10_000)] = 1
    closed: Intervals = ()


class Request(_Frozen):
    """A request for `shifts` shifts on one of `instruments`, inside `[release, deadline)`.

    `min_shifts` defaults to `shifts` (all or nothing), `min_block` to `min_shifts`
    (one contiguous block) and `deadline` to the round's `n_shifts`; defaults are
    filled in when the instance is validated, so every request here is explicit.
    """

    id: Identifier
    instruments: Annotated[
        tuple[Identifier, ...], Field(min_length=1, max_length=1000, strict=False)
    ]
    shifts: PositiveShifts
    min_shifts: PositiveShifts
    min_block: PositiveShifts
    release: ShiftNumber = 0
    deadline: ShiftNumber
    unavailable: Intervals = ()

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        # A default copies another field; when that field is itself invalid its own
        # error is reported, and a neutral 1 keeps the copy from reporting it twice.
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        if "min_shifts" not in filled:
            filled["min_shifts"] = _positive_or_one(filled.get("shifts"))
        if "min_block" not in filled:
            filled["min_block"] = _positive_or_one(filled.get("min_shifts"))
        return filled


def _positive_or_one(value: Any) -> int:
    return value if type(value) is int and 1 <= value <= MAX_HORIZON else 1


class Proposal(_Frozen):
    """A graded proposal: its requests, and the attribution of its time to countries."""

    id: Identifier
    title: Label = ""
    score: Annotated[Decimal4, Field(gt=0, le=100)]
    countries: Annotated[dict[Identifier, Positive4], Field(min_length=1, max_length=1000)]
    coupled: bool = True
    requests: Annotated[tuple[Request, ...], Field(min_length=1, max_length=1000, strict=False)]


class Precedence(_Frozen):
    """`after` may be awarded only if `before` is, and starts `min_gap` shifts after its end."""

    before: Identifier
    after: Identifier
    min_gap: ShiftNumber = 0


class _Policy(_Frozen):
    id: Identifier
    mode: Literal["hard", "soft"] = "hard"
    weight: Positive4 = 1.0


class ContributionSharePolicy(_Policy):
    """Members of `facilities` receive time in proportion to what they pay in (`shares`)."""

    type: Literal["contribution_share"]
    facilities: Annotated[
        tuple[Identifier, ...], Field(min_length=1, max_length=MAX_ITEMS, strict=False)
    ]
    shares: Annotated[dict[Identifier, NonNegative4], Field(min_length=1, max_length=MAX_ITEMS)]
    min_ratio: NonNegative4 = 0.0
    max_ratio: NonNegative4 | None = None
    non_member_max_fraction: Annotated[Decimal4, Field(ge=0, le=1)] | None = None
    history: Annotated[dict[Identifier, NonNegative4], Field(max_length=MAX_ITEMS)] | None = None
    """Shifts each country received at `facilities` in earlier rounds; added to T(c, F).

    Left out (None) when the instance does not use the addition, so that documents
    without it are written exactly as before.
    """

    def earlier_time(self) -> dict[str, float]:
        """`history`, or no earlier time when it is not given."""
        return self.history or {}


class ReciprocityPolicy(_Policy):
    """Symmetric access between two countries, with `credit` carried in from outside the round."""

    type: Literal["reciprocity"]
    countries: Annotated[tuple[Identifier, Identifier], Field(strict=False)]
    ratio: Positive4 = 1.0
    tolerance: NonNegative4 = 0.0
    credit: Annotated[dict[Identifier, NonNegative4], Field(max_length=2)] = Field(
        default_factory=dict
    )


Policy = Annotated[ContributionSharePolicy | ReciprocityPolicy, Field(discriminator="type")]


class Instance(_Frozen):
    """A whole allocation round. Validating one reports every problem at once."""

    format: Literal["beamtime-instance/1"]
    round: Round
    countries: Annotated[tuple[Country, ...], Field(max_length=MAX_ITEMS, strict=False)]
    facilities: Annotated[tuple[Facility, ...], Field(max_length=MAX_ITEMS, strict=False)]
    instruments: Annotated[tuple[Instrument, ...], Field(max_length=MAX_ITEMS, strict=False)]
    proposals: Annotated[tuple[Proposal, ...], Field(max_length=MAX_ITEMS, strict=False)]
    precedences: Annotated[tuple[Precedence, ...], Field(max_length=MAX_ITEMS, strict=False)] = ()
    policies: Annotated[tuple[Policy, ...], Field(max_length=MAX_ITEMS, strict=False)] = ()
    replan: Replan | None = None
    """Present when the instance revises a published schedule from shift `replan.now` on."""

    @model_validator(mode="wrap")
    @classmethod
    def _validate_whole_document(cls, data: Any, handler: Any) -> Instance:
        from models.exchange.consistency import find_consistency_problems
        from models.exchange.salvage import salvage_parts

        if isinstance(data, Instance):
            return data
        data = _with_default_deadlines(data)
        try:
            instance: Instance = handler(data)
        except ValidationError as error:
            field_errors = error.errors(include_url=False)
            problems = find_consistency_problems(salvage_parts(data))
            raise _combined_error(field_errors, problems) from None
        problems = find_consistency_problems(instance.parts())
        if problems:
            raise _combined_error([], problems)
        return instance

    def parts(self) -> InstanceParts:
        """This instance's objects, each with its position in the document."""
        return InstanceParts(
            round=self.round,
            countries=list(enumerate(self.countries)),
            facilities=list(enumerate(self.facilities)),
            instruments=list(enumerate(self.instruments)),
            proposals=list(enumerate(self.proposals)),
            precedences=list(enumerate(self.precedences)),
            policies=list(enumerate(self.policies)),
            replan=self.replan,
        )


def _with_default_deadlines(data: Any) -> Any:
    """Copy `data` with every request's missing `deadline` set to the round's `n_shifts`."""
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list):
        return data
    round_data = data.get("round")
    n_shifts = round_data.get("n_shifts") if isinstance(round_data, dict) else None
    horizon = n_shifts if type(n_shifts) is int and 1 <= n_shifts <= MAX_HORIZON else MAX_HORIZON
    proposals = []
    for proposal in data["proposals"]:
        if isinstance(proposal, dict) and isinstance(proposal.get("requests"), list):
            requests = [
                {**request, "deadline": horizon}
                if isinstance(request, dict) and "deadline" not in request
                else request
                for request in proposal["requests"]
            ]
            proposals.append({**proposal, "requests": requests})
        else:
            proposals.append(proposal)
    return {**data, "proposals": proposals}


def _combined_error(field_errors: list[Any], problems: list[Problem]) -> CoreValidationError:
    """One ValidationError holding the field errors (reworded) and the consistency problems."""
    reworded = [
        Problem(clean_loc(error["loc"]), explain_field_error(error))
        for error in without_knock_on_errors(field_errors)
    ]
    line_errors: list[Any] = [
        {
            "type": PydanticCustomError("beamtime", "{message}", {"message": problem.message}),
            "loc": problem.loc,
            "input": None,
        }
        for problem in sorted([*reworded, *problems], key=document_order)
    ]
    return CoreValidationError.from_exception_data("Instance", line_errors)
