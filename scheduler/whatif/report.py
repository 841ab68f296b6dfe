"""The `beamtime-whatif/1` report: base and variants side by side, and the price of each policy.

All time figures are in shifts; objectives, bounds and prices in the objective's
units (score-shifts minus soft penalties). The format is documented in docs/whatif.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from models.exchange import Instance, Solution
from models.exchange.variant import Variant
from scheduler.report import report_solution
from scheduler.whatif.cases import BASE_KEY, StudyCase
from scheduler.whatif.compare import (
    DecisionChange,
    country_gains,
    country_shifts,
    decision_changes,
    value_under,
)
from scheduler.whatif.price import PolicyPrice, PriceStatus, exact_objective, price_interval

WHATIF_FORMAT = "beamtime-whatif/1"


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MemberReturnEntry(_Part):
    """A member's time under a contribution policy, its entitlement and return coefficient."""

    policy: str
    country: str
    shifts: float
    entitlement: float
    return_coefficient: float | None


class AgreementEntry(_Part):
    """A policy's state in a solution: violation (shifts); for reciprocity also its balance."""

    policy: str
    type: str
    mode: str
    violation: float
    balance: float | None = None


class DecisionChangeEntry(_Part):
    """A proposal whose outcome or awarded shifts differ from the base."""

    proposal: str
    before: str | None
    after: str | None
    shifts_before: int
    shifts_after: int


class CaseResult(_Part):
    """The outcome of one solve (base or variant) and how it differs from the base.

    `base_allocation_objective` is the objective the base allocation has under this
    case's policies when it holds them (else None): a variant's solve that ends below it
    has not found the best allocation of the variant.
    """

    id: str
    name: str = ""
    edits: list[dict[str, Any]] = []
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    awarded_shifts: int
    proposals_awarded: int
    countries: dict[str, float]
    returns: list[MemberReturnEntry]
    agreements: list[AgreementEntry]
    conflict: list[str] | None = None
    base_allocation_objective: float | None = None
    country_changes: dict[str, float] = {}
    changed_decisions: list[DecisionChangeEntry] = []


class PriceEntry(_Part):
    """The price of one policy: `[low, high]` proven to contain it, `estimate` from LP duals.

    `countries` holds the shifts each country gains (negative: loses) when the policy
    is dropped, and `changed_decisions` the proposals whose award changes then: those of
    the best allocation found without the policy (none when that is the base allocation).
    """

    policy: str
    low: float | None
    high: float | None
    estimate: float | None
    status: PriceStatus
    conflict: list[str] | None = None
    seconds: float
    countries: dict[str, float] = {}
    changed_decisions: list[DecisionChangeEntry] = []


class WhatIfReport(_Part):
    """A whole what-if report."""

    format: Literal["beamtime-whatif/1"] = "beamtime-whatif/1"
    round: str
    base: CaseResult
    variants: list[CaseResult]
    prices: list[PriceEntry] | None = None


def assemble_report(
    instance: Instance,
    cases: Sequence[StudyCase],
    solutions: Mapping[str, Solution],
    variants: Sequence[Variant] = (),
    estimates: Mapping[str, float | None] | None = None,
) -> WhatIfReport:
    """The report of a study from the solutions of its cases (keys as in `study_cases`).

    `estimates` (policy -> LP estimate) is given when prices were asked for.
    """
    by_id = {variant.id: variant for variant in variants}
    base_solution = solutions[BASE_KEY]
    base = case_result(instance, base_solution, instance, base_solution, "base")
    results: list[CaseResult] = []
    prices: list[PriceEntry] = []
    for case in cases:
        solution = solutions[case.key]
        if case.kind == "variant":
            variant = by_id[case.subject]
            results.append(
                case_result(
                    case.instance, solution, instance, base_solution, variant.id
                ).model_copy(
                    update={
                        "name": variant.name,
                        "edits": [
                            edit.model_dump(mode="json", exclude_unset=True)
                            for edit in variant.edits
                        ],
                    }
                )
            )
        elif case.kind == "price":
            estimate = (estimates or {}).get(case.subject)
            price = price_interval(
                case.subject, (instance, base_solution), (case.instance, solution), estimate
            )
            prices.append(_price_entry(instance, case.instance, price, base_solution, solution))
    return WhatIfReport(
        round=instance.round.id,
        base=base,
        variants=results,
        prices=prices if any(c.kind == "price" for c in cases) else None,
    )


def case_result(
    edited: Instance, solution: Solution, instance: Instance, base: Solution, case_id: str
) -> CaseResult:
    """The figures of one solution of `edited` (a variant of `instance`) against the base."""
    figures = report_solution(edited, solution)
    violations = {p.id: p.violation for p in solution.policies}
    balances = {r.policy: r.balance for r in figures.reciprocity}
    feasible = solution.objective is not None
    return CaseResult(
        id=case_id,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        seconds=solution.stats.seconds,
        awarded_shifts=sum(a.awarded_shifts for a in solution.assignments),
        proposals_awarded=sum(1 for d in solution.decisions if d.outcome != "rejected"),
        countries={c: float(t) for c, t in country_shifts(edited, solution).items()},
        returns=[
            MemberReturnEntry(
                policy=r.policy,
                country=r.country,
                shifts=r.time,
                entitlement=r.entitlement,
                return_coefficient=r.return_coefficient,
            )
            for r in figures.returns
        ],
        agreements=[
            AgreementEntry(
                policy=p.id,
                type=p.type,
                mode=p.mode,
                violation=violations.get(p.id, 0.0),
                balance=balances.get(p.id),
            )
            for p in edited.policies
        ],
        conflict=None if solution.conflict is None else list(solution.conflict),
        base_allocation_objective=_float(value_under(edited, base)),
        country_changes=(
            {c: float(g) for c, g in country_gains(instance, base, solution).items()}
            if feasible
            else {}
        ),
        changed_decisions=(
            [_change_entry(c) for c in decision_changes(instance, base, solution)]
            if feasible
            else []
        ),
    )


def _price_entry(
    instance: Instance,
    relaxed_instance: Instance,
    price: PolicyPrice,
    base: Solution,
    relaxed: Solution,
) -> PriceEntry:
    relaxed_value = exact_objective(relaxed_instance, relaxed)
    base_value = exact_objective(relaxed_instance, base)
    # The changes are those of the best allocation known without the policy; when its solve
    # found nothing better than the base allocation (valid without it too), nothing changes.
    comparable = relaxed_value is not None and base_value is not None and relaxed_value > base_value
    return PriceEntry(
        policy=price.policy,
        low=price.low,
        high=price.high,
        estimate=price.estimate,
        status=price.status,
        conflict=None if price.conflict is None else list(price.conflict),
        seconds=relaxed.stats.seconds,
        countries=(
            {c: float(g) for c, g in country_gains(instance, base, relaxed).items()}
            if comparable
            else {}
        ),
        changed_decisions=(
            [_change_entry(c) for c in decision_changes(instance, base, relaxed)]
            if comparable
            else []
        ),
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _change_entry(change: DecisionChange) -> DecisionChangeEntry:
    return DecisionChangeEntry(
        proposal=change.proposal,
        before=change.before,
        after=change.after,
        shifts_before=change.shifts_before,
        shifts_after=change.shifts_after,
    )
