"""Reading instance and solution documents from JSON text, and writing them back."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.exchange.instance import INSTANCE_FORMAT, Instance
from models.exchange.problems import DocumentError, Problem
from models.exchange.solution import SOLUTION_FORMAT, Solution
from models.exchange.variant import VARIANT_FORMAT, Variant

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
"""Largest document accepted, so that a wrong file fails fast instead of exhausting memory."""

DocumentT = TypeVar("DocumentT", bound=BaseModel)


def parse_instance(text: str | bytes) -> Instance:
    """Parse and validate an instance.

    Raises:
        DocumentError: listing every problem, each with its JSON path.
    """
    return _parse(text, Instance, "instance", INSTANCE_FORMAT)


def parse_solution(text: str | bytes) -> Solution:
    """Parse and validate the structure of a solution (use the checker to verify it).

    Raises:
        DocumentError: listing every problem, each with its JSON path.
    """
    return _parse(text, Solution, "solution", SOLUTION_FORMAT)


def parse_variant(text: str | bytes) -> Variant:
    """Parse and validate a variant document (`apply_variant` checks it against a round).

    Raises:
        DocumentError: listing every problem, each with its JSON path.
    """
    return _parse(text, Variant, "variant", VARIANT_FORMAT)


def dump_document(document: BaseModel) -> str:
    """The document as indented JSON text, byte-identical for equal documents."""
    return json.dumps(_plain(document), indent=1, ensure_ascii=False) + "\n"


def _plain(document: BaseModel) -> Any:
    return document.model_dump(mode="json", exclude_none=True)


def _parse(text: str | bytes, model: type[DocumentT], what: str, expected_format: str) -> DocumentT:
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"invalid {what}",
            [
                Problem(
                    (),
                    f"the document is {len(text):,} bytes; "
                    f"at most {MAX_DOCUMENT_BYTES:,} are accepted",
                )
            ],
        )
    data = _load_json(text, what)
    if not isinstance(data, dict):
        raise DocumentError(
            f"invalid {what}",
            [Problem((), f"the document must be a JSON object, not a {type(data).__name__}")],
        )
    written_format = data.get("format")
    if isinstance(written_format, str) and written_format != expected_format:
        hint = _format_hint(written_format, what)
        raise DocumentError(
            f"invalid {what}",
            [Problem(("format",), f"must be {expected_format!r}, not {written_format!r}{hint}")],
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise DocumentError.from_validation_error(f"invalid {what}", error) from None


def _format_hint(written_format: str, what: str) -> str:
    if written_format in {INSTANCE_FORMAT, SOLUTION_FORMAT, VARIANT_FORMAT} - {
        f"beamtime-{what}/1"
    }:
        other = {
            SOLUTION_FORMAT: "a solution",
            INSTANCE_FORMAT: "an instance",
            VARIANT_FORMAT: "a variant",
        }[written_format]
        return f" (this file is {other}, not {'an' if what == 'instance' else 'a'} {what})"
    return ""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in JSON")


def _load_json(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"invalid {what}",
            [
                Problem(
                    (), f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
                )
            ],
        ) from None
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"invalid {what}",
            [Problem((), f"not valid JSON: the file is not UTF-8 text (byte {error.start})")],
        ) from None
    except (ValueError, RecursionError) as error:
        raise DocumentError(f"invalid {what}", [Problem((), f"not valid JSON: {error}")]) from None
