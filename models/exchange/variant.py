"""The `beamtime-variant/1` document: a round with edits to its policies, for what-if studies.

A variant never changes the round it is applied to: `apply_variant` returns a new,
fully validated `Instance`. Problems are reported with their path in the variant
document (`edits[1].tolerance`), so the author knows which line to fix.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from models.exchange.fields import MAX_ITEMS, STRICT_FROZEN, Decimal4, Identifier, Label
from models.exchange.instance import Instance
from models.exchange.problems import DocumentError, Loc, Problem, problems_of

VARIANT_FORMAT = "beamtime-variant/1"

NonNegative4 = Annotated[Decimal4, Field(ge=0)]
Positive4 = Annotated[Decimal4, Field(gt=0)]

CONTRIBUTION_FIELDS = frozenset({"min_ratio", "max_ratio", "non_member_max_fraction"})
RECIPROCITY_FIELDS = frozenset({"tolerance", "ratio", "credit"})
COMMON_FIELDS = frozenset({"mode", "weight"})


class PolicyEdit(BaseModel):
    """One edit of one policy: drop it, or set some of its fields.

    Only the fields written are changed; `max_ratio` and `non_member_max_fraction`
    written as `null` remove that bound.
    """

    model_config = STRICT_FROZEN

    policy: Identifier
    drop: bool = False
    mode: Literal["hard", "soft"] | None = None
    weight: Positive4 | None = None
    tolerance: NonNegative4 | None = None
    ratio: Positive4 | None = None
    credit: Annotated[dict[Identifier, NonNegative4], Field(max_length=2)] | None = None
    min_ratio: NonNegative4 | None = None
    max_ratio: NonNegative4 | None = None
    non_member_max_fraction: Annotated[Decimal4, Field(ge=0, le=1)] | None = None

    def changed_fields(self) -> dict[str, Any]:
        """The policy fields this edit sets (written ones only), with their new values."""
        return {
            name: getattr(self, name)
            for name in sorted(self.model_fields_set)
            if name not in {"policy", "drop"}
        }


class Variant(BaseModel):
    """A named set of policy edits, applied in order to a round."""

    model_config = STRICT_FROZEN

    format: Literal["beamtime-variant/1"]
    id: Identifier
    name: Label = ""
    edits: Annotated[tuple[PolicyEdit, ...], Field(max_length=MAX_ITEMS, strict=False)] = ()


def parse_variant_data(data: Any) -> Variant:
    """A `Variant` from decoded JSON.

    Raises:
        DocumentError: with one problem per error, located in the variant document.
    """
    if not isinstance(data, dict):
        raise DocumentError(
            "invalid variant",
            [Problem((), f"the document must be a JSON object, not a {type(data).__name__}")],
        )
    try:
        return Variant.model_validate(data)
    except ValidationError as error:
        raise DocumentError.from_validation_error("invalid variant", error) from None


def apply_variant(instance: Instance, variant: Variant) -> Instance:
    """The round with the variant's edits applied; `instance` itself is left unchanged.

    Raises:
        DocumentError: an edit names an unknown policy, sets a field its policy type
            does not have, edits a dropped policy, or makes the round invalid (each
            problem at the path of the edit that caused it).
    """
    policies: dict[str, dict[str, Any]] = {
        policy.id: policy.model_dump(mode="json", exclude_none=True) for policy in instance.policies
    }
    written_by: dict[tuple[str, str], Loc] = {}
    dropped: set[str] = set()
    problems: list[Problem] = []
    for number, edit in enumerate(variant.edits):
        where: Loc = ("edits", number)
        problems.extend(_edit_problems(edit, where, policies, dropped))
        if edit.policy not in policies or edit.policy in dropped:
            continue
        if edit.drop:
            dropped.add(edit.policy)
            continue
        for name, value in edit.changed_fields().items():
            written_by[(edit.policy, name)] = (*where, name)
            if value is None:
                policies[edit.policy].pop(name, None)
            else:
                policies[edit.policy][name] = value
    if problems:
        raise DocumentError("invalid variant", problems)
    data = instance.model_dump(mode="json", exclude_none=True)
    kept = [policy for policy_id, policy in policies.items() if policy_id not in dropped]
    data["policies"] = kept
    try:
        return Instance.model_validate(data)
    except ValidationError as error:
        located = [_locate(problem, kept, written_by) for problem in problems_of(error)]
        raise DocumentError("invalid variant", located) from None


def _edit_problems(
    edit: PolicyEdit, where: Loc, policies: dict[str, dict[str, Any]], dropped: set[str]
) -> list[Problem]:
    if edit.policy not in policies:
        guess = difflib.get_close_matches(edit.policy, list(policies), n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        known = ", ".join(policies) or "none"
        return [
            Problem((*where, "policy"), f"the round has no policy {edit.policy!r}{hint} ({known})")
        ]
    if edit.policy in dropped:
        return [Problem((*where, "policy"), f"{edit.policy!r} was dropped by an earlier edit")]
    changed = edit.changed_fields()
    if edit.drop and changed:
        return [
            Problem(where, f"a dropped policy takes no other changes, not {', '.join(changed)}")
        ]
    if not edit.drop and not changed:
        return [Problem(where, "changes nothing: write `drop: true` or a field to set")]
    kind = policies[edit.policy]["type"]
    allowed = COMMON_FIELDS | (
        CONTRIBUTION_FIELDS if kind == "contribution_share" else RECIPROCITY_FIELDS
    )
    return [
        Problem(
            (*where, name),
            f"{edit.policy!r} is a {kind} policy, which has no {name!r} "
            f"(it has {', '.join(sorted(allowed))})",
        )
        for name in changed
        if name not in allowed
    ]


def _locate(
    problem: Problem, kept: list[dict[str, Any]], written_by: dict[tuple[str, str], Loc]
) -> Problem:
    """Move a problem of the edited round to the edit that wrote the offending field."""
    loc = problem.loc
    if len(loc) >= 3 and loc[0] == "policies" and isinstance(loc[1], int) and loc[1] < len(kept):
        policy_id = str(kept[loc[1]]["id"])
        edit_loc = written_by.get((policy_id, str(loc[2])))
        if edit_loc is not None:
            return Problem((*edit_loc, *loc[3:]), problem.message)
        for (edited, _), some_loc in written_by.items():
            if edited == policy_id:
                return Problem(some_loc[:2], f"makes policy {policy_id!r} invalid: {problem}")
    return Problem((), f"the edited round is invalid: {problem}")
