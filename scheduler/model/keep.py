"""Kept literals: a re-plan's change penalty inside the schedule models.

Each baseline block `[s, l]` of a free request on an instrument it may use gets a literal
`kept`, true only if one of the request's slots there is exactly `[s, l]`; the objective
then loses `change_weight` for every block not kept. Blocks of fixed placements, and of
requests that cannot use the instrument in this model, contribute constants. The
objective is thus the re-plan's own (less the delivered value and the impossible blocks,
which the incumbent adds), so the model's bound stays a bound.

Slots of one request are at least one shift apart, so a baseline with two adjacent
blocks of one request cannot be kept block for block by these models (the warm start
keeps it).
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.slots import Slot
from scheduler.prepare import KeepTerm, PreparedInstance

ObjectiveTerm = tuple[Fraction, cp_model.LinearExprT]


def add_kept_literals(
    model: cp_model.CpModel,
    prepared: PreparedInstance,
    slots: dict[str, dict[str, list[Slot]]],
    fixed: Allocation,
) -> tuple[list[ObjectiveTerm], Fraction]:
    """Terms `weight * kept` and the constant `-sum of weights` (plus fixed blocks kept)."""
    terms: list[ObjectiveTerm] = []
    constant = Fraction(0)
    for term in prepared.keep:
        constant -= term.weight
        candidates = slots.get(term.request, {}).get(term.instrument)
        if candidates:
            terms.append((term.weight, _kept_literal(model, term, candidates)))
            continue
        placement = fixed.placements.get(term.request)
        if (
            placement is not None
            and placement.instrument == term.instrument
            and (term.start, term.length) in placement.blocks
        ):
            constant += term.weight
    return terms, constant


def _kept_literal(
    model: cp_model.CpModel, term: KeepTerm, candidates: list[Slot]
) -> cp_model.IntVar:
    name = f"{term.request}@{term.instrument}[{term.start},{term.length}]"
    kept = model.new_bool_var(f"kept[{name}]")
    matches = []
    for number, slot in enumerate(candidates):
        if isinstance(slot.start, int) and slot.start != term.start:
            continue
        match = model.new_bool_var(f"kept[{name}]#{number}")
        model.add_implication(match, slot.present)
        if not isinstance(slot.start, int):
            model.add(slot.start == term.start).only_enforce_if(match)
        model.add(slot.size == term.length).only_enforce_if(match)
        matches.append(match)
    if matches:
        model.add_bool_or(matches).only_enforce_if(kept)
    else:
        model.add(kept == 0)
    return kept
