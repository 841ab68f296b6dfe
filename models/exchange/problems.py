"""Problems found in a document, each with its JSON path and a sentence for people."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem at `loc`, e.g. `("proposals", 3, "requests", 0, "min_block")`."""

    loc: Loc
    message: str

    @property
    def path(self) -> str:
        """The location as a JSON path such as `proposals[3].requests[0].min_block`."""
        return format_path(self.loc)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.loc else self.message


class DocumentError(ValueError):
    """A document (instance or solution) that cannot be accepted; `problems` lists every reason."""

    def __init__(self, what: str, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{what}: {count} problem{'s' if count != 1 else ''}\n{lines}")

    @classmethod
    def from_validation_error(cls, what: str, error: ValidationError) -> DocumentError:
        """The problems of a pydantic error, worded for people."""
        return cls(what, problems_of(error))


def problems_of(error: ValidationError) -> list[Problem]:
    """Every error of `error` as a `Problem` (messages reworded unless already ours)."""
    return [
        Problem(clean_loc(detail["loc"]), explain_field_error(detail))
        for detail in without_knock_on_errors(error.errors(include_url=False))
    ]


_UNION_TAGS = {
    "policies": {"contribution_share", "reciprocity"},
    "reasons": {
        "unplaceable",
        "capacity",
        "outranked",
        "policy",
        "precedence",
        "coupled",
        "objective",
    },
}


def clean_loc(loc: Any) -> Loc:
    """The location without the tags pydantic adds for tagged unions (`policies[0].reciprocity`)."""
    parts = tuple(loc)
    return tuple(
        part
        for i, part in enumerate(parts)
        if not (
            i >= 2
            and isinstance(parts[i - 1], int)
            and part in _UNION_TAGS.get(str(parts[i - 2]), ())
        )
    )


def without_knock_on_errors(details: list[Any]) -> list[Any]:
    """Drop "too short" errors of lists that are short only because an item was invalid."""
    failing_parents = {tuple(detail["loc"][:-2]) for detail in details if len(detail["loc"]) >= 2}
    failing_parents |= {tuple(detail["loc"][:-1]) for detail in details if detail["loc"]}
    return [
        detail
        for detail in details
        if not (
            detail["type"] == "too_short"
            and tuple(detail["loc"]) in failing_parents
            and (detail.get("ctx") or {}).get("actual_length") != len(detail.get("input") or [])
        )
    ]


def document_order(problem: Problem) -> tuple[tuple[int, str], ...]:
    """Sort key putting problems in the order a reader meets them in the document."""
    sections = (
        "format",
        "round",
        "countries",
        "facilities",
        "instruments",
        "proposals",
        "precedences",
        "policies",
        "replan",
    )
    return tuple(
        (part, "")
        if isinstance(part, int)
        else (sections.index(part) if part in sections else len(sections), part)
        for part in problem.loc
    )


def format_path(loc: Loc) -> str:
    """`("a", 0, "b")` -> `a[0].b`; dictionary keys become `.KEY`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def show(value: Any) -> str:
    """`value` as it would be written in JSON, cut short if long."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_KIND_OF_TYPE_ERROR = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "list_type": "a list",
    "tuple_type": "a list",
}


def explain_field_error(detail: Any) -> str:
    """A sentence for one pydantic error detail; our own messages pass through unchanged."""
    kind: str = detail["type"]
    value = detail.get("input")
    ctx: dict[str, Any] = detail.get("ctx") or {}
    if kind in {"beamtime", "too_many_decimals"}:
        return str(detail["msg"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return _unknown_field(detail["loc"][-1] if detail["loc"] else "")
    if kind in _KIND_OF_TYPE_ERROR:
        return f"must be {_KIND_OF_TYPE_ERROR[kind]}, not {show(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, not {show(value)}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}, not {show(value)}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, not {show(value)}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}, not {show(value)}"
    if kind in {"too_short", "string_too_short"}:
        minimum = ctx.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"needs at least {minimum} items"
    if kind == "too_long":
        return f"has too many items: at most {ctx.get('max_length')} allowed"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "literal_error":
        return f"must be {ctx.get('expected')}, not {show(value)}"
    if kind == "union_tag_invalid":
        return f"unknown type {show(ctx.get('tag'))}; expected {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "needs a `type` (contribution_share or reciprocity)"
    if kind == "finite_number":
        return "must be a finite number"
    if kind.startswith(("datetime", "date")):
        return f'must be a date and time such as "2027-02-01T08:00:00Z", not {show(value)}'
    message = str(detail.get("msg", kind))
    return message[:1].lower() + message[1:]


def _unknown_field(name: str | int) -> str:
    guess = difflib.get_close_matches(str(name), _field_names(), n=1, cutoff=0.75)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"is not a field of the format{hint}"


@cache
def _field_names() -> list[str]:
    from models.exchange import instance, replan  # the models import this module

    models = [
        value
        for module in (instance, replan)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel)
    ]
    return sorted({name for model in models for name in model.model_fields})
