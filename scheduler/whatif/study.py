"""A whole what-if study in one call: solve the base, the variants and the policy prices."""

from __future__ import annotations

from collections.abc import Sequence

from models.exchange import Instance
from models.exchange.variant import Variant
from scheduler.params import SolveParams
from scheduler.whatif.cases import study_cases
from scheduler.whatif.lp_estimate import lp_price_estimates
from scheduler.whatif.parallel import solve_side_by_side
from scheduler.whatif.report import WhatIfReport, assemble_report


def run_study(
    instance: Instance,
    variants: Sequence[Variant] = (),
    params: SolveParams | None = None,
    *,
    price: bool = False,
    processes: int = 1,
) -> WhatIfReport:
    """Solve the round, every variant and (with `price`) the round without each policy.

    Each solve gets the whole of `params` (its time limit included); `processes`
    solves run at a time.

    Raises:
        DocumentError: a variant does not fit the round.
        ValueError: two variants share an id.
    """
    params = params or SolveParams()
    cases = study_cases(instance, variants, price=price)
    solutions = solve_side_by_side({c.key: c.instance for c in cases}, params, processes)
    estimates = lp_price_estimates(instance) if price else None
    return assemble_report(instance, cases, solutions, variants, estimates)
