"""Re-plan rows of the ladder: `python -m benchmarks.replan [--smoke] [--only M-mixed/...]`.

For each case (`benchmarks/replan_cases.py`): the round's published engine schedule (one
per round, shared by its events, its objective and gap recorded), the re-plan instance at
one third of the horizon, then one engine run per checkpoint budget (5, 30 and 120 s by
default), each in a fresh process, and one run at the middle budget with `change_weight`
near zero (0.0001: the value possible without regard to change).
Every revision is checked. Results go to `--output` as JSON and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.replan_cases import REPLAN_LADDER, REPLAN_SMOKE, ReplanCase
from models.exchange import Instance, Solution, dump_document, parse_instance, parse_solution
from scheduler.checking import check_solution
from scheduler.generator import generate_instance
from scheduler.params import Progress, SolveParams
from scheduler.prepare import prepare
from scheduler.replan.baseline import baseline_start
from scheduler.replan.remaining import remaining_round
from scheduler.solve import solve

RESULTS = Path(__file__).resolve().parent / "results"
CHANGE_WEIGHT = 1.0
NEAR_ZERO_WEIGHT = 0.0001


@dataclass
class RevisionRun:
    """One solve of a re-plan: figures in the objective's units, times in seconds."""

    time_limit: float
    change_weight: float
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    changed: int | None
    made_room: int | None
    """Changed blocks that moved or shrank to make room for another group's compensation."""
    seconds: float
    first_valid_seconds: float | None
    within_one_percent_seconds: float | None
    """When the objective first came within 1 % of this run's final objective."""
    checker_valid: bool


@dataclass(frozen=True)
class Publication:
    """A round and its published engine schedule, shared by the round's re-plan cases."""

    instance: Instance
    schedule: Solution
    seconds: float

    @property
    def gap(self) -> float | None:
        """The published schedule's gap against its own proven bound."""
        return self.schedule.gap


@dataclass
class ReplanResult:
    """A case: its publication, its baseline and what the outage made impossible, and its runs."""

    case: str
    proposals: int
    published_objective: float | None
    published_gap: float | None
    baseline_blocks: int
    impossible_blocks: int
    started_requests: int
    runs: list[RevisionRun] = field(default_factory=list)


def publish(case: ReplanCase, workers: int, deterministic: bool = False) -> Publication:
    """The round and its published schedule (in deterministic mode the same on every run),
    read back from its JSON as a service would."""
    instance = generate_instance(case.round_case.config())
    params = SolveParams(
        time_limit=case.publish_seconds, workers=workers, deterministic=deterministic
    )
    started = time.perf_counter()
    schedule = parse_solution(dump_document(solve(instance, params)))
    return Publication(instance, schedule, round(time.perf_counter() - started, 2))


class Publications:
    """Each round published once, in the order its first case needs it: the events of one
    round then revise the same schedule, as a facility's would.

    Each publication is written to `directory` (`published-<round>.json`); with `reuse`,
    one found there is read instead of solved, so that two versions of the engine (or two
    runs) revise the same wall-time publication."""

    def __init__(self, workers: int, deterministic: bool, directory: Path, reuse: bool) -> None:
        self._workers = workers
        self._deterministic = deterministic
        self._directory = directory
        self._reuse = reuse
        self._done: dict[tuple[str, float], Publication] = {}

    def of(self, case: ReplanCase) -> Publication:
        key = (case.round_case.name, case.publish_seconds)
        if key in self._done:
            return self._done[key]
        path = self._directory / f"published-{case.round_case.name}.json"
        if self._reuse and path.exists():
            instance = generate_instance(case.round_case.config())
            publication = Publication(instance, parse_solution(path.read_text()), 0.0)
            print(f"{key[0]}: publication read from {path}", flush=True)
        else:
            publication = publish(case, self._workers, self._deterministic)
            self._directory.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_document(publication.schedule))
            print(f"{key[0]} published in {publication.seconds} s", flush=True)
        print(f"  objective {publication.schedule.objective} gap {publication.gap}", flush=True)
        self._done[key] = publication
        return publication


def revision_run(
    replan_text: str, time_limit: float, workers: int, deterministic: bool = False
) -> RevisionRun:
    """Solve a re-plan (as JSON text, so that it crosses the process boundary) and check it.

    With `deterministic`, times are CP-SAT's deterministic seconds (load-independent)."""
    replan = parse_instance(replan_text)
    assert replan.replan is not None
    trace: list[tuple[float, float]] = []
    started = time.perf_counter()

    params = SolveParams(time_limit=time_limit, workers=workers, deterministic=deterministic)

    def record(progress: Progress) -> None:
        seconds = progress.seconds if deterministic else time.perf_counter() - started
        trace.append((seconds, progress.objective))

    revision = solve(replan, params, record)
    final = revision.objective
    near = (
        next((t for t, value in trace if value >= final - 0.01 * abs(final)), None)
        if final is not None
        else None
    )
    return RevisionRun(
        time_limit=time_limit,
        change_weight=replan.replan.change_weight,
        status=revision.status,
        objective=revision.objective,
        bound=revision.bound,
        gap=revision.gap,
        changed=revision.changed,
        made_room=(
            sum(change.cause == "made-room" for change in revision.revision.changes)
            if revision.revision is not None
            else None
        ),
        seconds=round(time.perf_counter() - started, 2),
        first_valid_seconds=round(trace[0][0], 3) if trace else None,
        within_one_percent_seconds=None if near is None else round(near, 3),
        checker_valid=check_solution(replan, revision).valid,
    )


def _in_child(
    replan: Instance, time_limit: float, workers: int, deterministic: bool
) -> RevisionRun:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(revision_run, (dump_document(replan), time_limit, workers, deterministic))


def run_case(
    case: ReplanCase,
    publication: Publication,
    checkpoints: list[float],
    workers: int,
    deterministic: bool = False,
) -> ReplanResult:
    """Build the re-plan of the publication, and solve it at every checkpoint and with a
    weight near 0."""
    instance = publication.instance
    replan = case.replan(instance, publication.schedule, CHANGE_WEIGHT)
    assert replan.replan is not None
    remaining = remaining_round(replan)
    impossible = baseline_start(remaining, prepare(remaining.instance)).impossible
    result = ReplanResult(
        case=case.name,
        proposals=len(instance.proposals),
        published_objective=publication.schedule.objective,
        published_gap=publication.gap,
        baseline_blocks=sum(len(item.blocks) for item in replan.replan.baseline),
        impossible_blocks=len(impossible),
        started_requests=len(replan.replan.delivered),
    )
    for time_limit in checkpoints:
        result.runs.append(_in_child(replan, time_limit, workers, deterministic))
        _print(case, result.runs[-1])
    near_zero = replan.model_copy(
        update={"replan": replan.replan.model_copy(update={"change_weight": NEAR_ZERO_WEIGHT})}
    )
    middle = checkpoints[len(checkpoints) // 2]
    result.runs.append(_in_child(near_zero, middle, workers, deterministic))
    _print(case, result.runs[-1])
    return result


def _print(case: ReplanCase, run: RevisionRun) -> None:
    print(
        f"{case.name} @{run.time_limit:g}s w={run.change_weight:g}: {run.status} objective "
        f"{run.objective} gap {run.gap} changed {run.changed} first valid "
        f"{run.first_valid_seconds} s, checker {'ok' if run.checker_valid else 'FAILED'}",
        flush=True,
    )


def markdown_table(results: list[ReplanResult], checkpoints: list[float]) -> str:
    """One row per case: baseline, impossible blocks, first valid, objective/gap/changed per
    budget, and the near-zero-weight run."""
    head = [
        "case",
        "published objective (gap)",
        "baseline blocks / impossible / started",
        "first valid (within 1 %)",
    ]
    for c in checkpoints:
        head += [f"objective {c:g} s", f"gap {c:g} s", f"changed {c:g} s"]
    head += [
        "weight 0.0001: objective / changed",
        f"changed {checkpoints[-1]:g} s / (2 x impossible + made room)",
        "checker",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for result in results:
        weighted = [run for run in result.runs if run.change_weight == CHANGE_WEIGHT]
        free = next(run for run in result.runs if run.change_weight != CHANGE_WEIGHT)
        row = [
            result.case,
            f"{_number(result.published_objective)} ({_percent(result.published_gap)})",
            f"{result.baseline_blocks} / {result.impossible_blocks} / {result.started_requests}",
            f"{_seconds(weighted[-1].first_valid_seconds)} "
            f"({_seconds(weighted[-1].within_one_percent_seconds)})",
        ]
        for run in weighted:
            row += [_number(run.objective), _percent(run.gap), _count(run.changed)]
        row += [f"{_number(free.objective)} / {_count(free.changed)}"]
        row += [_against_target(weighted[-1], result.impossible_blocks)]
        row += ["ok" if all(run.checker_valid for run in result.runs) else "FAILED"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def _against_target(run: RevisionRun, impossible: int) -> str:
    """The issue's target: at most twice the impossible blocks plus what compensation needs
    (the blocks the revision moved or shrank to make room for it)."""
    if run.changed is None or run.made_room is None:
        return "-"
    allowed = 2 * impossible + run.made_room
    return f"{run.changed} / {allowed} ({'met' if run.changed <= allowed else 'missed'})"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> int:
    """Run the chosen cases and write the results; exit 1 if a revision failed the checker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="one tiny case, a few seconds")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--checkpoints", default="5,30,120", help="budgets in seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="deterministic solves, publication included (results independent of the load)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--reuse-publications",
        action="store_true",
        help="revise the publications an earlier run wrote to --output instead of solving anew",
    )
    args = parser.parse_args(argv)
    checkpoints = [float(c) for c in ("1,2" if args.smoke else args.checkpoints).split(",")]
    cases = list(REPLAN_SMOKE if args.smoke else REPLAN_LADDER)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [case for case in cases if case.name in wanted]
    publications = Publications(
        args.workers, args.deterministic, args.output, args.reuse_publications
    )
    results = [
        run_case(case, publications.of(case), checkpoints, args.workers, args.deterministic)
        for case in cases
    ]
    name = "replan-smoke" if args.smoke else "replan"
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = {
        "run_at": stamp,
        "checkpoints": checkpoints,
        "cases": [asdict(result) for result in results],
    }
    (args.output / f"{name}.json").write_text(json.dumps(payload, indent=1) + "\n")
    command = "python -m benchmarks.replan" + (" --smoke" if args.smoke else "")
    (args.output / f"{name}.md").write_text(
        f"Run at {stamp} with `{command}`.\n\n" + markdown_table(results, checkpoints)
    )
    return 0 if all(run.checker_valid for result in results for run in result.runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
