"""The engine's one code path, stage by stage, under one time budget.

1. rank and cut (`greedy`), rebalanced by greedy moves (`rebalance`) and, if a hard
   policy is still broken, repaired by CP-SAT: a valid start within seconds;
2. the calendar-free selection model: a proven bound and award targets;
3. the targets placed at once by first fit and greedy moves (`quick_placement`, also
   after a short first run of the selection), then by CP-SAT per instrument group,
   repaired, with feedback (options that could not be placed are capped, and the
   selection re-solved);
4. improvement: the monolithic schedule model on small rounds (which can prove
   optimality), large-neighbourhood search on the others;
5. filling of free room left over.

Every stage has a budget of its own, set by the round's size and never by the time
limit, and is cut short only when the limit comes: a run with a longer limit follows
the same trajectory as a shorter one up to the shorter one's end, then goes on
improving (exactly so in deterministic mode), so more time never gives a worse result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from scheduler.allocation import Allocation
from scheduler.evaluation import award_value
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.fill import fill_free_room, filled_allocation
from scheduler.search.focused_repair import broken_hard_policies, repair_around_the_loss
from scheduler.search.greedy import greedy_allocation
from scheduler.search.incumbent import Incumbent
from scheduler.search.lns import improve_by_neighbourhoods
from scheduler.search.placement import place_targets
from scheduler.search.quick_placement import greedily_valid, quick_placement, without_broken_links
from scheduler.search.rebalance import rebalance
from scheduler.search.repair import make_valid
from scheduler.search.restore import restored_allocation
from scheduler.search.selection_stage import SelectionResult, Targets, solve_selection
from scheduler.search.whole_round import solve_whole_round

logger = logging.getLogger(__name__)

MONOLITHIC_REQUESTS = 300
"""Rounds with at most this many placeable requests are improved by the monolithic model."""

MAX_FEEDBACK_ROUNDS = 8
MIN_FEEDBACK_ROUND_SECONDS = 1.0
RESTART_SEED_STRIDE = 100
WARM_START_SECONDS = 5.0
"""Least repair time for a re-plan's baseline (its stage budget when that is longer)."""
QUICK_SELECTION_SHARE = 0.25
"""Share of the first selection's budget spent on a first, short run whose targets are
placed at once (`quick_placement`): its solutions come within a fraction of a second,
the rest of the budget goes to the bound (measured on M-fragmented-hard: the objective
after a quarter of the budget was within 0.1% of that after all of it)."""
QUICK_SELECTION_MAX_REQUESTS = 3000
"""From this many requests on, the selection is not split: its presolve alone takes
seconds there, and a second run would delay the bound (`selection_stage`)."""
FOCUSED_REPAIR_SECONDS = 1.5
"""Most time for the focused repair of a re-plan's baseline: its model is small, and its
first revisions come within a second; later stages improve on them faster."""


@dataclass(frozen=True)
class StageBudgets:
    """Seconds for each stage before improvement takes the rest.

    Set by the round's size (requests and block slots, measured on the benchmark
    ladder) and capped, never by the time limit: the engine is an anytime search.
    """

    repair: float
    selection: float
    quick_selection: float
    """The part of the first selection's budget that a first, short run takes."""
    placement: float
    feedback: float
    neighbourhood: float

    @classmethod
    def for_round(cls, prepared: PreparedInstance) -> StageBudgets:
        """Budgets for a round of this size and fragmentation.

        Size is counted in block slots: per usable alternative, its usable runs up to 8.
        """
        requests = len(prepared.plans)
        slots = sum(
            min(len(window.runs), 8) for plan in prepared.plans.values() for window in plan.windows
        )
        selection = min(20.0, 2.0 + 0.003 * requests)
        quick = requests < QUICK_SELECTION_MAX_REQUESTS
        return cls(
            repair=min(10.0, 0.5 + 0.0008 * slots),
            selection=selection,
            quick_selection=QUICK_SELECTION_SHARE * selection if quick else 0.0,
            placement=min(15.0, 1.0 + 0.002 * slots),
            feedback=min(20.0, 1.5 + 0.002 * slots),
            neighbourhood=min(5.0, 1.0 + 0.0005 * requests),
        )


def run_engine(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    warm_start: Allocation | None = None,
    hit: Sequence[str] = (),
) -> SelectionResult | None:
    """Search the round; the incumbent holds the result. Returns the first selection result.

    `warm_start` (a re-plan's possible baseline) is repaired and offered before anything
    else, so that a valid revision close to it exists within the repair's budget; local
    search then starts around the requests `hit` by the lost time.
    """
    prepared = incumbent.prepared
    stages = StageBudgets.for_round(prepared)
    small = sum(plan.placeable for plan in prepared.plans.values()) <= MONOLITHIC_REQUESTS
    incumbent.polish = _polish(prepared, rows, fill=small)
    incumbent.offer(Allocation())
    if warm_start is not None:
        # The revision closest to the published schedule is worth more repair time than
        # a greedy start: hard agreements on delivered time can make it hard to restore.
        seconds = max(stages.repair, WARM_START_SECONDS)
        _repair_warm_start(incumbent, rows, warm_start, hit, seconds)
        fill_free_room(incumbent, rows)
        _log(incumbent, "warm start, repaired and filled")
    start = rebalance(prepared, rows, greedy_allocation(prepared))
    valid = make_valid(incumbent, rows, start, stages.repair)
    if valid is not None:
        incumbent.offer(valid)
    _log(incumbent, "rank and cut, rebalanced")
    if not stages.quick_selection:
        # No quick schedule comes before the whole first selection has run, so the start
        # is filled at once and every later schedule must beat it: at 10,000 proposals the
        # first placement of a 30 s run came out below the filled start that a 10 s run
        # returns, and a longer limit gave a worse schedule.
        fill_free_room(incumbent, rows)
        _log(incumbent, "rank and cut, filled")
    selection = _select_and_place(incumbent, rows, stages, quick_first=True)
    if selection.infeasible:
        incumbent.proven_infeasible = True
        return selection
    if not small:
        _restart(incumbent, rows, stages)
    if not incumbent.stopped() and not incumbent.closed_gap():
        if small:
            incumbent.proven_optimal = solve_whole_round(
                incumbent, rows, incumbent.remaining(), refine_bound=not selection.optimal
            )
        else:
            improve_by_neighbourhoods(
                incumbent,
                rows,
                stages.neighbourhood,
                selection.targets,
                hit,
                replan=warm_start is not None,
            )
    fill_free_room(incumbent, rows)
    _log(incumbent, "improvement, filled")
    return selection


def _polish(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], *, fill: bool
) -> Callable[[Allocation], Allocation | None] | None:
    """What every new incumbent goes through: in a re-plan, baseline blocks moved for
    nothing are put back (`restore`); on small rounds, where filling takes milliseconds,
    free room is filled."""
    steps: list[Callable[[Allocation], Allocation | None]] = []
    if prepared.keep:
        steps.append(lambda allocation: restored_allocation(prepared, allocation))
    if fill:
        steps.append(lambda allocation: filled_allocation(prepared, rows, allocation))
    if not steps:
        return None

    def polished(allocation: Allocation) -> Allocation | None:
        result: Allocation | None = None
        for step in steps:
            result = step(result or allocation) or result
        return result

    return polished


def _repair_warm_start(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    warm_start: Allocation,
    hit: Sequence[str],
    seconds: float,
) -> None:
    """Offer the warm start made valid: at once by greedy moves (the awards whose coupling
    or precedence the loss broke taken out first), then better where a broken hard
    agreement is restored around the requests that can mend it (`focused_repair`), keeping
    the rest of the baseline; when that finds nothing, or nothing but coupling and
    precedences broke, by greedy moves and the keep-or-drop repair."""
    prepared = incumbent.prepared
    # Milliseconds, where the CP-SAT repairs below take seconds before they offer anything.
    quick = greedily_valid(prepared, rows, warm_start)
    offered = quick is not None and incumbent.offer(quick)
    _log(incumbent, "warm start, greedy moves")
    # With no coupling or precedence broken, rebalancing the warm start again below would
    # give the schedule just offered (a second of greedy moves at 10,000 proposals).
    links_hold = without_broken_links(prepared, warm_start) == warm_start
    if broken_hard_policies(prepared, rows, warm_start):
        budget = min(seconds, FOCUSED_REPAIR_SECONDS)
        focused = repair_around_the_loss(incumbent, rows, warm_start, hit, budget)
        _log(incumbent, "warm start, focused repair")
        if focused is not None:  # its solutions were offered as they came
            return
    if offered and links_hold:
        return
    rebalanced = rebalance(prepared, rows, warm_start)
    repaired = make_valid(incumbent, rows, rebalanced, seconds)
    if repaired is not None:
        incumbent.offer(repaired)


def _select_and_place(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    stages: StageBudgets,
    seed_base: int = 0,
    *,
    quick_first: bool = False,
) -> SelectionResult:
    """Selection from the incumbent (its bound recorded), then its targets placed and filled.

    With `quick_first`, a short first run of the selection (`StageBudgets.quick_selection`,
    out of the stage's budget) has its targets placed at once by `quick_placement`, so that
    a schedule near them exists after a fraction of the stage; the rest of the budget goes
    to the full run, hinted with that schedule.
    """
    if not incumbent.has_time_to_build():
        return SelectionResult({}, None, None, optimal=False, infeasible=False)
    selection: SelectionResult | None = None
    seconds = stages.selection
    if quick_first and stages.quick_selection > 0:
        seconds -= stages.quick_selection
        first = _quick_selection(incumbent, rows, stages.quick_selection)
        if first.infeasible or _cut_short(incumbent) or not incumbent.has_time_to_build():
            return first
        if first.optimal:  # nothing for the rest of the budget to find
            selection = first
    if selection is None:
        selection = solve_selection(
            incumbent, rows, seconds, hint=incumbent.allocation, seed_offset=seed_base
        )
        if selection.bound is not None:
            incumbent.improve_bound(selection.bound)
        _log(incumbent, f"selection (its objective {_number(selection.objective)})")
    # A selection the limit cut is not placed: placing it takes seconds at 10,000 proposals
    # (2.4 s for the quick placement alone), past the time kept back for explaining.
    if selection.targets and not incumbent.closed_gap() and not incumbent.stopped():
        _place_with_feedback(incumbent, rows, selection, stages, seed_base)
        fill_free_room(incumbent, rows)
        _log(incumbent, "placement with feedback, filled")
    return selection


def _quick_selection(
    incumbent: Incumbent, rows: dict[str, list[PolicyRow]], seconds: float
) -> SelectionResult:
    """A short selection run (its bound recorded) whose targets are placed by first fit and
    greedy moves and offered."""
    selection = solve_selection(incumbent, rows, seconds, hint=incumbent.allocation)
    if selection.bound is not None:
        incumbent.improve_bound(selection.bound)
    _log(incumbent, f"quick selection (its objective {_number(selection.objective)})")
    if selection.targets and not _cut_short(incumbent):
        quick = quick_placement(incumbent.prepared, rows, selection.targets, incumbent.allocation)
        if quick is not None:
            incumbent.offer(quick)
        _log(incumbent, "quick placement, rebalanced and filled")
    return selection


def _restart(incumbent: Incumbent, rows: dict[str, list[PolicyRow]], stages: StageBudgets) -> None:
    """Solve selection and placement again from the incumbent, with new seeds, while it pays.

    Two runs of the same stages can end a per cent or more apart (the two workers race),
    and a selection hinted with the placed incumbent often finds targets that place
    better. Attempts stop at the first that does not improve. In wall time they also
    stop when one would not finish with a fifth of the time left (measured on L rounds:
    a cut attempt in place of local search cost several points at 60 s); in
    deterministic mode never because of the time left, so that a longer limit extends
    the trajectory exactly.
    """
    attempt_seconds = stages.selection + stages.placement + stages.feedback
    attempt = 0
    while not incumbent.stopped() and not incumbent.closed_gap():
        if not incumbent.params.deterministic and attempt_seconds > 0.8 * incumbent.remaining():
            return  # in wall time, an attempt that cannot finish is worth less than LNS
        attempt += 1
        before = incumbent.objective
        seed_base = RESTART_SEED_STRIDE * attempt
        selection = _select_and_place(incumbent, rows, stages, seed_base)
        if not selection.targets:
            return
        _log(incumbent, f"attempt {attempt + 1} done")
        if incumbent.objective == before:
            return


def _cut_short(incumbent: Incumbent) -> bool:
    """Whether, in deterministic mode, the limit cut the stage that just ran: its partial
    result then goes no further (placed, repaired, offered), because a run with a longer
    limit would have used the whole result instead, and the schedule a run returns must
    be the one a longer run had at that moment. (In wall time the partial result is
    used: a valid schedule early matters more there than an exact trajectory.)"""
    return incumbent.params.deterministic and incumbent.stopped()


def _number(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.6g}"


def _log(incumbent: Incumbent, stage: str) -> None:
    logger.debug(
        "%s: objective %s, bound %s after %.2f s",
        stage,
        _number(incumbent.objective),
        _number(incumbent.bound),
        incumbent.clock.elapsed(),
    )


def _place_with_feedback(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    selection: SelectionResult,
    stages: StageBudgets,
    seed_base: int = 0,
) -> None:
    targets: Targets = selection.targets
    caps: dict[tuple[str, str], int] = {}
    # First fit and greedy moves give a valid schedule near the targets at once; the
    # CP-SAT placement and its repair take their budgets before they offer anything.
    quick = quick_placement(incumbent.prepared, rows, targets, incumbent.allocation)
    if quick is not None:
        incumbent.offer(quick)
    _log(incumbent, "quick placement, rebalanced and filled")
    if incumbent.stopped():
        return  # the CP-SAT placement and its repairs need time that is no longer there
    placed = place_targets(incumbent, rows, targets, stages.placement)
    round_seconds = max(MIN_FEEDBACK_ROUND_SECONDS, stages.feedback / 4)
    feedback_ends: float | None = None
    for round_number in range(1, MAX_FEEDBACK_ROUNDS + 1):
        if _cut_short(incumbent):
            return
        logger.debug(
            "placement round %d: %d of %d targets placed, award value %.6g",
            round_number,
            len(placed.placements),
            len(targets),
            float(award_value(incumbent.prepared.index, placed.awards())),
        )
        # Two repairs, the better kept: greedy moves (fast, and the only one that works
        # when the CP-SAT repair has too little time, at 10,000 proposals), then the
        # CP-SAT repair of the placement itself (better on rounds of a few thousand).
        # (The greedy moves keep couplings and precedences but cannot restore them: the
        # awards placement broke them for are taken out first.)
        rebalanced = greedily_valid(incumbent.prepared, rows, placed)
        if rebalanced is not None:
            incumbent.offer(rebalanced)
        if incumbent.stopped():
            # A CP-SAT repair with no time left keeps nothing and then rebalances from
            # scratch: six seconds past a 30 s limit at 10,000 proposals.
            return
        valid = make_valid(incumbent, rows, placed, stages.repair)
        if valid is not None:
            incumbent.offer(valid)
        _log(incumbent, f"placement round {round_number}, repaired")
        shortfalls = {
            (request_id, instrument): placed.awarded_shifts(request_id)
            for request_id, (instrument, shifts) in targets.items()
            if placed.awarded_shifts(request_id) < shifts
        }
        if feedback_ends is None:
            feedback_ends = incumbent.clock.elapsed() + stages.feedback
        out_of_time = incumbent.clock.elapsed() + round_seconds > feedback_ends
        if not shortfalls or out_of_time or incumbent.stopped() or incumbent.closed_gap():
            return
        caps.update(shortfalls)
        seconds = round_seconds  # each run is cut to the time left (`Incumbent.budget`)
        again = solve_selection(
            incumbent,
            rows,
            seconds / 2,
            caps=caps,
            hint=placed,
            seed_offset=seed_base + round_number,
        )
        if not again.targets or _cut_short(incumbent):
            return
        targets = again.targets
        placed = place_targets(incumbent, rows, targets, seconds / 2, keep=placed)
