"""A report from whatever cases of a study have finished (the service gathers as they arrive)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from models.exchange import parse_instance, parse_solution
from models.exchange.variant import Variant
from scheduler.whatif.cases import BASE_KEY, CaseKind, StudyCase
from scheduler.whatif.report import WhatIfReport, assemble_report

FinishedCase = tuple[str, str, str, str]
"""(kind, subject, instance JSON, solution JSON) of a case whose solve has finished."""


def gather_report(
    finished: Mapping[str, FinishedCase], variants: Sequence[Variant]
) -> WhatIfReport | None:
    """The report of the finished cases, by key; None while the base has no solution.

    Prices appear for each policy whose round without it has finished; variants
    still solving are left out. No LP estimate is computed here (`estimate` is None).
    """
    if BASE_KEY not in finished:
        return None
    cases: list[StudyCase] = []
    solutions = {}
    instances = {}
    for key, (kind, subject, instance_json, solution_json) in finished.items():
        instance = parse_instance(instance_json)
        instances[key] = instance
        solutions[key] = parse_solution(solution_json)
        cases.append(StudyCase(key, _kind(kind), subject, instance))
    known = {v.id for v in variants}
    cases = [c for c in cases if c.kind != "variant" or c.subject in known]
    return assemble_report(instances[BASE_KEY], cases, solutions, variants, estimates=None)


def _kind(kind: str) -> CaseKind:
    if kind == "variant":
        return "variant"
    if kind == "price":
        return "price"
    if kind == "base":
        return "base"
    raise ValueError(f"unknown case kind {kind!r}")
