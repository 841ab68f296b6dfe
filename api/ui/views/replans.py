"""The re-plan pages: a round's re-plans with the form to start one, and one re-plan's
progress and, once it succeeded, its difference against the bookings.

The difference is `ReplanService.read` (the API's `GET /replans/{id}`), drawn as two
Gantt charts over the shifts from the re-plan's `now`: before (the bookings it started
from, its baseline) and after (the candidate), each changed block marked with its
change. By default only the instruments with a change are drawn, so a re-plan of a
large round reads and draws only what changed; the visitor may ask for every instrument.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.jobs.backend import JobBackend
from api.replans.jobs_repository import ReplanJobRepository
from api.replans.repository import ReplanRepository
from api.replans.schemas import ReplanRead
from api.replans.service import REPLAN_STATES, ReplanService
from api.rounds.access import require_runner
from api.settings import Settings
from api.solves.schemas import ProgressRead
from api.solves.service import SolveService
from api.ui.charts.gantt import GanttChart, GanttItem, gantt_chart
from api.ui.charts.progress import ProgressChart, ProgressPoint, progress_chart
from api.ui.charts.timeline import Window
from api.ui.views.paging import every
from api.ui.views.rounds import RoundHeader, visible_round
from api.ui.views.schedule import instrument_rows
from models.orm import FINISHED_JOB_STATUSES, JobStatus, RoundState, SolveJob

LISTED_JOBS = 50
DEFAULT_TIME_LIMIT = 10.0
CHANGES = ("moved", "shortened", "dropped", "new", "lost")


@dataclass(frozen=True)
class ReplansPage:
    """A round's newest re-plans, and whether one may start now."""

    header: RoundHeader
    jobs: list[SolveJob]
    can_start: bool
    max_seconds: float
    default_seconds: float
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


def replans_page(
    session: Session,
    principal: Principal,
    settings: Settings,
    code: str,
    *,
    errors: dict[str, list[str]] | None = None,
    values: dict[str, str] | None = None,
) -> ReplansPage:
    """The re-plans of round `code` (its coordinators and admins).

    Raises:
        NotFoundError, ForbiddenError.
    """
    round_, header = visible_round(session, principal, code)
    require_runner(principal, round_)
    return ReplansPage(
        header=header,
        jobs=list(ReplanJobRepository(session).latest_of_round(round_.id, LISTED_JOBS)),
        can_start=RoundState(round_.state) in REPLAN_STATES,
        max_seconds=settings.max_solve_seconds,
        default_seconds=min(DEFAULT_TIME_LIMIT, settings.max_solve_seconds),
        errors=errors or {},
        values=values or {},
    )


@dataclass(frozen=True)
class GroupChanges:
    """How many of a group's blocks each kind of change touches."""

    group: str
    counts: dict[str, int]
    lost: int
    given_back: int

    @property
    def total(self) -> int:
        """Blocks of the group that change (moved, shortened or dropped)."""
        return sum(self.counts.get(kind, 0) for kind in ("moved", "shortened", "dropped"))


@dataclass(frozen=True)
class Difference:
    """The candidate against the bookings: the two charts and the changes per group."""

    before: GanttChart
    after: GanttChart
    groups: list[GroupChanges]
    all_instruments: bool
    drawn: int
    instruments: int


@dataclass(frozen=True)
class ReplanPage:
    """A re-plan job: its progress, and its difference once it succeeded."""

    header: RoundHeader
    replan: ReplanRead
    progress: list[ProgressRead]
    chart: ProgressChart
    finished: bool
    difference: Difference | None
    can_accept: bool


def replan_page(
    session: Session,
    principal: Principal,
    settings: Settings,
    jobs: JobBackend,
    job_id: str,
    *,
    all_instruments: bool = False,
) -> ReplanPage:
    """Re-plan `job_id` with its progress and difference (its round's coordinators and
    admins; others get the API's 403 or 404).

    Raises:
        NotFoundError, ForbiddenError.
    """
    service = ReplanService(session, principal, settings, jobs)
    job = service.get(job_id)
    finished = JobStatus(job.status) in FINISHED_JOB_STATUSES
    replan = service.read(job)
    round_, header = visible_round(session, principal, job.round.code)
    solves = SolveService(session, principal, settings, jobs)
    rows = every(lambda limit, offset: solves.progress(job_id, limit, offset))
    progress = [ProgressRead.model_validate(row) for row in rows]
    seconds = progress[-1].seconds if progress else 0.0
    chart = progress_chart(
        [ProgressPoint(p.seconds, p.objective, p.bound, p.gap) for p in progress], seconds
    )
    difference = None
    if replan.kept is not None and job.solution_json:
        assert job.instance_json is not None  # every re-plan job is created with one
        stored = stored_replan(job.instance_json, job.solution_json)
        difference = difference_of(session, job, stored, replan, all_instruments)
    published = RoundState(round_.state) in REPLAN_STATES
    return ReplanPage(
        header=header,
        replan=replan,
        progress=progress,
        chart=chart,
        finished=finished,
        difference=difference,
        can_accept=difference is not None and published and replan.accepted_at is None,
    )


Block = tuple[str, str, int, int]
"""`(request, instrument, start, length)`."""


def block_changes(replan: ReplanRead) -> tuple[dict[Block, str], dict[Block, str]]:
    """The change of each changed block before (baseline: `lost` when it touched lost
    time, else moved, shortened or dropped) and after (the blocks that replaced them)."""
    before: dict[Block, str] = {}
    after: dict[Block, str] = {}
    for change in replan.changes:
        start, length = change["block"]
        kind = str(change["change"])
        before[(change["request"], change["instrument"], start, length)] = (
            "lost" if change["cause"] == "lost-time" else kind
        )
        for to_start, to_length in change["to"]:
            after[(change["request"], "", to_start, to_length)] = kind
    return before, after


@dataclass(frozen=True)
class StoredReplan:
    """What the charts need of a re-plan job's documents: its `now`, the baseline's and
    the candidate's blocks, and each request's proposal `(id, title, country shares)`."""

    now: int
    baseline: list[Block]
    candidate: list[Block]
    proposals: dict[str, tuple[str, str, tuple[tuple[str, float], ...]]]


def stored_replan(instance_json: str, solution_json: str) -> StoredReplan:
    """The documents of a re-plan job, read as the service stored them.

    Both were validated before they were stored (`dump_document` of the exchange models),
    so the page reads only the fields it draws from the JSON instead of validating a
    large round's whole instance a second time (`ReplanService.read` does once).
    """
    instance = json.loads(instance_json)
    solution = json.loads(solution_json)
    replan = instance["replan"]

    def blocks(assignments: list[dict[str, Any]]) -> list[Block]:
        return [
            (a["request"], a["instrument"], int(start), int(length))
            for a in assignments
            for start, length in a["blocks"]
        ]

    proposals = {
        request["id"]: (
            proposal["id"],
            proposal.get("title", ""),
            tuple(sorted((c, float(v)) for c, v in proposal["countries"].items())),
        )
        for proposal in instance["proposals"]
        for request in proposal["requests"]
    }
    return StoredReplan(
        now=int(replan["now"]),
        baseline=blocks(replan.get("baseline", [])),
        candidate=blocks(solution.get("assignments", [])),
        proposals=proposals,
    )


def difference_of(
    session: Session, job: SolveJob, stored: StoredReplan, replan: ReplanRead, all_instruments: bool
) -> Difference:
    """The two charts of a succeeded re-plan, and its changes per group."""
    round_ = job.round
    groups = ReplanRepository(session).groups_of_requests(round_.id)
    changed_before, changed_after = block_changes(replan)
    baseline = set(stored.baseline)

    def item(block: Block, state: str, change: str) -> GanttItem:
        request, instrument, start, length = block
        proposal, title, countries = stored.proposals[request]
        return GanttItem(
            proposal=proposal,
            title=title,
            group=groups.get(request, ""),
            request=request,
            instrument=instrument,
            start=start,
            length=length,
            state=state,
            countries=countries,
            change=change,
        )

    before_items = [item(b, "booked", changed_before.get(b, "")) for b in stored.baseline]
    after_items = []
    for block in stored.candidate:
        request, _, start, length = block
        if start + length <= stored.now:
            continue
        change = ""
        if block not in baseline:  # else kept as booked
            change = changed_after.get((request, "", start, length), "new")
        after_items.append(item(block, "candidate", change))
    all_rows = instrument_rows(session, round_)
    touched = {i.instrument for i in (*before_items, *after_items) if i.change}
    rows = all_rows if all_instruments else [r for r in all_rows if r.instrument in touched]
    shown = Window(min(stored.now, round_.n_shifts - 1), round_.n_shifts)
    drawn = {row.instrument for row in rows}

    def chart(items: list[GanttItem]) -> GanttChart:
        return gantt_chart(
            rows,
            [i for i in items if i.instrument in drawn],
            start=round_.start,
            shift_hours=round_.shift_hours,
            window=shown,
        )

    return Difference(
        before=chart(before_items),
        after=chart(after_items),
        groups=group_changes(replan, groups, after_items),
        all_instruments=all_instruments,
        drawn=len(rows),
        instruments=len(all_rows),
    )


def group_changes(
    replan: ReplanRead,
    groups: dict[str, str],
    after: list[GanttItem],
) -> list[GroupChanges]:
    """Per group: its blocks moved, shortened, dropped, new and lost, and the lost shifts
    given back."""
    counts: dict[str, dict[str, int]] = {}
    for entry in replan.changes:
        group = groups.get(entry["request"], "")
        kinds = counts.setdefault(group, dict.fromkeys(CHANGES, 0))
        kinds[str(entry["change"])] += 1
        if entry["cause"] == "lost-time":
            kinds["lost"] += 1
    for item in after:
        if item.change == "new":
            counts.setdefault(item.group, dict.fromkeys(CHANGES, 0))["new"] += 1
    lost: dict[str, int] = {}
    back: dict[str, int] = {}
    for entry in replan.time_back:
        group = groups.get(entry["request"], "")
        lost[group] = lost.get(group, 0) + int(entry["lost"])
        back[group] = back.get(group, 0) + int(entry["given_back"])
    return [
        GroupChanges(group, kinds, lost.get(group, 0), back.get(group, 0))
        for group, kinds in sorted(counts.items())
    ]
