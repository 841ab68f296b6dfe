"""Kept literals: a re-plan's change penalty inside the schedule and selection models.

Each baseline block `[s, l]` of a free request on an instrument it may use gets a literal
`kept`, true only if one of the request's slots there is exactly `[s, l]`; the objective
then loses `change_weight` for every block not kept. Blocks of fixed placements, and of
requests that cannot use the instrument in this model, contribute constants. The
objective is thus the re-plan's own (less the delivered value and the impossible blocks,
which the incumbent adds), so the model's bound stays a bound.

The calendar-free selection model gets a relaxed literal per block (`add_kept_amounts`),
the time-indexed model an exact one (`add_kept_shifts`).

Slots of one request are at least one shift apart, so a baseline with two adjacent
blocks of one request cannot be kept block for block by these models (the warm start
keeps it).
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.awards import AwardVariables
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
    hint = dict(zip(model.proto.solution_hint.vars, model.proto.solution_hint.values, strict=True))
    for term in prepared.keep:
        constant -= term.weight
        candidates = slots.get(term.request, {}).get(term.instrument)
        if candidates:
            terms.append((term.weight, _kept_literal(model, term, candidates, hint)))
            continue
        if term.kept_by(fixed.placements.get(term.request)):
            constant += term.weight
    return terms, constant


def _kept_literal(
    model: cp_model.CpModel, term: KeepTerm, candidates: list[Slot], hint: dict[int, int]
) -> cp_model.IntVar:
    """`kept`, true only if a slot is exactly the block; hinted from the slots' hints when
    they have them, so that a hint stays complete."""
    name = f"{term.request}@{term.instrument}[{term.start},{term.length}]"
    kept = model.new_bool_var(f"kept[{name}]")
    matches = []
    any_hinted = False
    for number, slot in enumerate(candidates):
        if isinstance(slot.start, int) and slot.start != term.start:
            continue
        match = model.new_bool_var(f"kept[{name}]#{number}")
        model.add_implication(match, slot.present)
        if not isinstance(slot.start, int):
            model.add(slot.start == term.start).only_enforce_if(match)
        model.add(slot.size == term.length).only_enforce_if(match)
        matches.append(match)
        if hint:
            hinted = _hinted_block(slot, hint)
            model.add_hint(match, hinted == (term.start, term.length))
            any_hinted |= hinted == (term.start, term.length)
    if matches:
        model.add_bool_or(matches).only_enforce_if(kept)
    else:
        model.add(kept == 0)
    if hint:
        model.add_hint(kept, any_hinted)
    return kept


def _hinted_block(slot: Slot, hint: dict[int, int]) -> tuple[int, int] | None:
    """The block `[start, length]` the hint gives the slot, or None when it is absent."""
    if not hint.get(slot.present.index, 0):
        return None
    start = slot.start if isinstance(slot.start, int) else hint.get(slot.start.index)
    size = hint.get(slot.size.index)
    return None if start is None or size is None else (start, size)


def add_kept_amounts(
    awards: AwardVariables, prepared: PreparedInstance
) -> tuple[list[tuple[KeepTerm, cp_model.IntVar]], Fraction]:
    """Kept literals of the calendar-free selection model, and the constant `-sum of weights`.

    A block can be kept only if its request is on the block's instrument with at least the
    shifts of every block it keeps there: a relaxation of keeping it exactly, so the
    selection's bound stays a bound, and its objective values kept time as the schedule
    models do (the re-plan's objective less the delivered value and the impossible blocks).
    """
    model = awards.model
    kept: list[tuple[KeepTerm, cp_model.IntVar]] = []
    constant = Fraction(0)
    by_option: dict[tuple[str, str], list[tuple[int, cp_model.IntVar]]] = {}
    for term in prepared.keep:
        constant -= term.weight
        chosen = awards.choice.get(term.request, {}).get(term.instrument)
        if chosen is None:
            continue  # not an option of this model: the block cannot be kept here
        name = f"kept[{term.request}@{term.instrument}[{term.start},{term.length}]]"
        literal = model.new_bool_var(name)
        model.add_implication(literal, chosen)
        by_option.setdefault((term.request, term.instrument), []).append((term.length, literal))
        kept.append((term, literal))
    for (request_id, instrument), blocks in by_option.items():
        total = sum(length * literal for length, literal in blocks)
        model.add(total <= awards.amount[request_id][instrument])
    return kept, constant


def add_kept_shifts(
    model: cp_model.CpModel,
    prepared: PreparedInstance,
    uses: dict[str, dict[str, dict[int, cp_model.IntVar]]],
    hint: Allocation | None,
) -> tuple[list[ObjectiveTerm], Fraction]:
    """Kept literals of the time-indexed model (`uses[request][instrument][shift]`), and the
    constant `-sum of weights`: a block is kept only if its request uses every shift of it
    there and neither neighbour, so that its maximal run, the block read back, is exactly it.
    """
    terms: list[ObjectiveTerm] = []
    constant = Fraction(0)
    for term in prepared.keep:
        constant -= term.weight
        shifts = uses.get(term.request, {}).get(term.instrument, {})
        inside = [shifts.get(t) for t in range(term.start, term.start + term.length)]
        if not inside or any(literal is None for literal in inside):
            continue  # some shift of the block is not usable here: it cannot be kept
        name = f"kept[{term.request}@{term.instrument}[{term.start},{term.length}]]"
        kept = model.new_bool_var(name)
        for literal in inside:
            assert literal is not None
            model.add_implication(kept, literal)
        for neighbour in (term.start - 1, term.start + term.length):
            if (outside := shifts.get(neighbour)) is not None:
                model.add_implication(kept, ~outside)
        if hint is not None:
            model.add_hint(kept, term.kept_by(hint.placements.get(term.request)))
        terms.append((term.weight, kept))
    return terms, constant
