"""Calendar-free capacity: what the shifts awarded on an instrument can add up to.

These rows are implied by rules 1-4 (every block lies in open shifts of the
instrument, inside its request's window, in runs of at least `min_block`), so a
model that keeps only them is a relaxation, and its optimum a proven bound.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.calendar import clip_runs, shifts_in_runs, usable_runs
from scheduler.model.awards import AwardVariables
from scheduler.prepare import PreparedInstance

MAX_WINDOW_TERMS = 400_000
"""Cap on the terms of per-window rows, so the relaxation stays linear in size."""


def add_instrument_capacity(awards: AwardVariables, prepared: PreparedInstance) -> None:
    """Per instrument: total, per min-block class and per request window."""
    model = awards.model
    window_terms = 0
    for instrument in prepared.instance.instruments:
        capacity = instrument.capacity
        runs = prepared.open_runs[instrument.id]
        members = [
            (plan, awards.amount[plan.id][instrument.id])
            for plan in prepared.requests_on[instrument.id]
            if plan.id in awards.amount and instrument.id in awards.amount[plan.id]
        ]
        if not members:
            continue
        model.add(sum(a for _, a in members) <= capacity * shifts_in_runs(runs))
        by_block: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
        for plan, amount in members:
            by_block[plan.request.min_block].append(amount)
        blocks = sorted(by_block)
        for position, min_block in enumerate(blocks[1:], start=1):
            amounts = [a for b in blocks[position:] for a in by_block[b]]
            model.add(sum(amounts) <= capacity * shifts_in_runs(usable_runs(runs, min_block)))
        windows: dict[tuple[int, int], None] = {}
        for plan, _ in members:
            window = (plan.request.release, plan.request.deadline)
            if window != (0, prepared.n_shifts):
                windows[window] = None
        for release, deadline in sorted(windows, key=lambda w: w[1] - w[0]):
            inside = [
                (plan, a)
                for plan, a in members
                if plan.request.release >= release and plan.request.deadline <= deadline
            ]
            if len(inside) < 2 or window_terms + len(inside) > MAX_WINDOW_TERMS:
                continue
            window_terms += len(inside)
            min_block = min(plan.request.min_block for plan, _ in inside)
            room = shifts_in_runs(usable_runs(clip_runs(runs, release, deadline), min_block))
            model.add(sum(a for _, a in inside) <= capacity * room)
