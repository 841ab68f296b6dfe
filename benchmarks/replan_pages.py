"""How long the re-plan, outage and round pages take on a round at facility scale.

    .venv/bin/python -m benchmarks.replan_pages [--proposals 2000] [--instruments 50]
                                                [--shifts 540] [--solve-seconds 30]

Generates a round (seed 11, soft policies), loads it into a fresh SQLite file, solves it greedily,
accepts and publishes it, records an outage on its busiest instrument a third of the way
in, runs a re-plan from there in this process, then signs in to the pages with an admin
token and times each page (TestClient, in process: the time of the application alone,
best of three). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from api.allocations.service import AllocationService
from api.app import create_app
from api.auth.principal import Role
from api.commandline import command_line_principal, create_token, load_round, prepare_database
from api.jobs.runner import run_job
from api.outages.schemas import OutageCreate
from api.outages.service import OutageService
from api.replans.schemas import ReplanCreate
from api.replans.service import ReplanService
from api.rounds.calendar import shift_start
from api.rounds.schemas import RoundTransition
from api.rounds.service import RoundDocuments, RoundService
from api.settings import Settings
from models.exchange import dump_document, parse_instance
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.api.backends import RecordingBackend

TIMES = 3


def _published_round(settings: Settings, config: GeneratorConfig) -> tuple[str, str]:
    """The generated round, published with a greedy allocation; its code and busiest
    instrument."""
    database = prepare_database(settings)
    instance = generate_instance(config)
    code = load_round(database, dump_document(instance).encode(), group="bench", state="review")
    admin = command_line_principal()
    with database.transaction() as session:  # the round as the service exports it
        instance = parse_instance(RoundDocuments(session, admin).export(code))
    solution = solve(instance, SolveParams(method="greedy"))
    with database.transaction() as session:
        AllocationService(session, admin).import_solution(code, dump_document(solution).encode())
    with database.transaction() as session:
        RoundService(session, admin).transition(code, RoundTransition(to="published"), None)
    busiest = Counter(a.instrument for a in solution.assignments for _ in a.blocks)
    database.dispose()
    return code, busiest.most_common(1)[0][0]


def _outage_and_replan(settings: Settings, code: str, instrument: str, seconds: float) -> str:
    """An outage of a day on `instrument` a third of the way in, and a re-plan from there,
    run to its end here; the re-plan job's id."""
    database = prepare_database(settings)
    admin = command_line_principal()
    with database.transaction() as session:
        round_ = RoundService(session, admin).get(code)
        now = round_.n_shifts // 3
        starts = shift_start(round_, now)
        body = OutageCreate(
            instruments=[instrument],
            starts_at=starts,
            ends_at=starts + timedelta(hours=24),
            cause="benchmark",
        )
        OutageService(session, admin).record(code, body)
    jobs = RecordingBackend()
    with database.transaction() as session:
        job = ReplanService(session, admin, settings, jobs).start(
            code, ReplanCreate(now=now, time_limit=seconds, workers=2)
        )
        job_id = job.id
    status = run_job(database, settings, job_id)
    database.dispose()
    if status != "succeeded":
        raise SystemExit(f"the re-plan {job_id} ended {status}")
    return job_id


def _timed(client: TestClient, path: str) -> tuple[float, float, int, int]:
    """Best of `TIMES` answers to `path`: wall seconds, CPU seconds of this process (the
    application runs in it; on a busy machine the CPU time is the steadier figure), its
    status and size (bytes)."""
    wall, cpu = [], []
    answer = None
    for _ in range(TIMES):
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = client.get(path)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert answer is not None
    return min(wall), min(cpu), answer.status_code, len(answer.content)


def main(argv: list[str] | None = None) -> None:
    """Build the round, then time its pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--instruments", type=int, default=50)
    parser.add_argument("--shifts", type=int, default=540)
    parser.add_argument("--solve-seconds", type=float, default=30.0)
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="replan-pages-"))
    settings = Settings(database_url=f"sqlite:///{folder}/bench.sqlite3", broker_url=None)
    config = GeneratorConfig(
        seed=11,
        proposals=options.proposals,
        instruments=options.instruments,
        shifts=options.shifts,
        policies="soft",  # a greedy allocation then is a feasible one
    )
    code, instrument = _published_round(settings, config)
    job_id = _outage_and_replan(settings, code, instrument, options.solve_seconds)
    database = prepare_database(settings)
    token = create_token(
        database, name="bench", role=Role.ADMIN, facilities=[], rounds=[], group=None
    ).value
    with TestClient(create_app(settings, database=database)) as client:
        form = client.get("/ui/sign-in")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf is not None
        client.post("/ui/sign-in", data={"csrf_token": csrf.group(1), "token": token})
        first = client.get(f"/replans/{job_id}", headers={"Authorization": f"Bearer {token}"})
        changes = len(first.json()["changes"])
        pages = [
            f"/ui/replans/{job_id}",
            f"/ui/replans/{job_id}?all_instruments=true",
            f"/ui/replans/{job_id}/live",
            f"/ui/rounds/{code}/replans",
            f"/ui/rounds/{code}/outages/new",
            f"/ui/rounds/{code}/schedule?week=2",
        ]
        rows = [(path, *_timed(client, path)) for path in pages]
        rows.append((f"/replans/{job_id}", *_timed_api(client, f"/replans/{job_id}", token)))
    database.dispose()
    print(
        f"Round {code}: {options.proposals} proposals, {options.instruments} instruments, "
        f"{options.shifts} shifts; re-plan {job_id} with {changes} changes.\n"
    )
    print("| GET | wall s (best of 3) | CPU s (best of 3) | status | bytes |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path, wall, cpu, status, size in rows:
        shown = path.replace(job_id, "{id}")
        print(f"| `{shown}` | {wall:.2f} | {cpu:.2f} | {status} | {size:,} |")


def _timed_api(client: TestClient, path: str, token: str) -> tuple[float, float, int, int]:
    """`_timed` for the HTTP API, with the bearer token."""
    client.headers["Authorization"] = f"Bearer {token}"
    try:
        return _timed(client, path)
    finally:
        del client.headers["Authorization"]


if __name__ == "__main__":
    main()
