"""Turning posted form fields into the API's own request models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from api.errors import FieldProblem, InvalidInputError

M = TypeVar("M", bound=BaseModel)


def form_model(model: type[M], values: dict[str, object]) -> M:
    """`model` validated from form values, as the API would validate a JSON body.

    Raises:
        InvalidInputError: every field that breaks a rule, with its name.
    """
    try:
        # Form fields are text: numbers arrive as "2", which JSON bodies may not send.
        return model.model_validate(values, strict=False)
    except ValidationError as error:
        problems = [
            FieldProblem(".".join(str(part) for part in e["loc"]) or "(form)", e["msg"])
            for e in error.errors()
        ]
        raise InvalidInputError("the form has problems", errors=problems) from None


def optional_version(value: str | None) -> int | None:
    """The version a form was shown at (for If-Match-like checks), if it carries one.

    Raises:
        InvalidInputError: a version that is not a number.
    """
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise InvalidInputError(
            "the form has problems", errors=[FieldProblem("version", "not a version")]
        )
    return int(value)


@dataclass
class TypedForm:
    """A page form's values as typed (in subclasses), and the problems to show beside them."""

    problems: dict[str, list[str]] = field(default_factory=dict)

    def add_problem(self, name: str, message: str) -> None:
        """Show `message` next to field `name` (`form` for the form as a whole)."""
        self.problems.setdefault(name, []).append(message)
