"""The solves a what-if study needs: the base round, each variant, each policy left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from models.exchange import Instance
from models.exchange.variant import Variant, apply_variant
from scheduler.whatif.price import without_policy

CaseKind = Literal["base", "variant", "price"]

BASE_KEY = "base"


@dataclass(frozen=True)
class StudyCase:
    """One solve of a study: `key` names it (`base`, `variant:ID`, `without:POLICY`)."""

    key: str
    kind: CaseKind
    subject: str
    instance: Instance


def study_cases(instance: Instance, variants: Sequence[Variant], *, price: bool) -> list[StudyCase]:
    """Every solve of the study, base first.

    Raises:
        ValueError: two variants share an id.
        DocumentError: a variant does not fit the round (see `apply_variant`).
    """
    seen: set[str] = set()
    for variant in variants:
        if variant.id in seen:
            raise ValueError(f"two variants have the id {variant.id!r}; ids must be unique")
        seen.add(variant.id)
    cases = [StudyCase(BASE_KEY, "base", "base", instance)]
    cases.extend(
        StudyCase(f"variant:{v.id}", "variant", v.id, apply_variant(instance, v)) for v in variants
    )
    if price:
        cases.extend(
            StudyCase(f"without:{p.id}", "price", p.id, without_policy(instance, p.id))
            for p in instance.policies
        )
    return cases
