"""A whole round at facility scale through the running service, step by step.

    .venv/bin/python -m benchmarks.service_scale [--instance FILE] [--solve-seconds 60]
                                                 [--database-url URL]

Generates (or reads) a round, sets up a fresh database (a SQLite file by default, or
a schema of its own on the PostgreSQL of `--database-url`) with an admin token,
starts `uvicorn --factory api.app:create_app` on 127.0.0.1 and times, one after the
other: the import, the solve's start (until its 202), the solve itself, the
acceptance of its allocation, publishing, the exports, the country report and the
main pages. A prober thread calls `/health` every 0.2 s all along; each step reports
the slowest `/health` answer seen while it ran. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.service_load import _free_port, database_url, served

ROUND = "2027-I"
GENERATE = ["--seed", "11", "--proposals", "10000", "--instruments", "100", "--shifts", "1095"]


class HealthProbe(threading.Thread):
    """Calls `/health` every `every` seconds; keeps (start, seconds) of each answer."""

    def __init__(self, base: str, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.every = every
        self.answers: list[tuple[float, float]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120) as client:
            while not self.stopping.wait(self.every):
                started = time.monotonic()
                client.get("/health").raise_for_status()
                self.answers.append((started, time.monotonic() - started))

    def slowest_between(self, start: float, end: float) -> float:
        """The slowest answer to a call started in [start, end], in seconds."""
        return max((s for at, s in self.answers if start <= at <= end), default=0.0)


@dataclass(frozen=True)
class Step:
    """One timed step."""

    name: str
    seconds: float
    health_seconds: float
    note: str


def prepare(url: str) -> str:
    """Migrate the database; returns a new admin token."""
    from api.auth.principal import Role
    from api.commandline import create_token, prepare_database
    from api.settings import Settings

    database = prepare_database(Settings(database_url=url))
    token = create_token(
        database, name="scale bench", role=Role.ADMIN, facilities=[], rounds=[], group=None
    )
    database.dispose()
    return token.value


def sign_in(client: httpx.Client, token: str) -> None:
    """Sign the client in to the pages through the sign-in form."""
    form = client.get("/ui/sign-in")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None, "no CSRF field on the sign-in form"
    answer = client.post("/ui/sign-in", data={"csrf_token": csrf.group(1), "token": token})
    assert answer.status_code in (200, 303), answer.text[:500]


class Run:
    """The steps against one running service."""

    def __init__(self, client: httpx.Client, probe: HealthProbe) -> None:
        self.client = client
        self.probe = probe
        self.steps: list[Step] = []

    def step(self, name: str, call: Callable[[], str]) -> str:
        """Time `call` (which returns a note) and the slowest `/health` meanwhile."""
        started = time.monotonic()
        note = call()
        ended = time.monotonic()
        time.sleep(0.3)  # let a probe started during the step finish
        self.steps.append(
            Step(name, ended - started, self.probe.slowest_between(started, ended), note)
        )
        print(f"  {name}: {ended - started:.2f} s {note}", file=sys.stderr, flush=True)
        return note

    def request(self, method: str, path: str, **options: object) -> httpx.Response:
        """One call that must succeed."""
        answer = self.client.request(method, path, **options)  # type: ignore[arg-type]
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:1000]}")
        return answer

    def follow_job(self, answer: httpx.Response) -> httpx.Response:
        """For a 202 with a Location, wait for the job it names; else the answer itself."""
        if answer.status_code != 202 or "location" not in answer.headers:
            return answer
        location = answer.headers["location"]
        while True:
            state = self.request("GET", location)
            if state.json().get("status") in ("succeeded", "failed", "cancelled"):
                return state
            time.sleep(0.2)


def run_round(run: Run, instance: Path, solve_seconds: float) -> None:
    """Every step of the round, in order."""
    raw = instance.read_bytes()
    headers = {"Content-Type": "application/json"}

    def import_round() -> str:
        answer = run.follow_job(
            run.request(
                "POST", "/rounds/import", params={"state": "review"}, content=raw, headers=headers
            )
        )
        return f"({len(raw) / 1e6:.1f} MB document, status {answer.status_code})"

    run.step("import (POST /rounds/import)", import_round)
    job: dict[str, object] = {}

    def start_solve() -> str:
        answer = run.request(
            "POST", f"/rounds/{ROUND}/solve", json={"time_limit": solve_seconds, "workers": 2}
        )
        job.update(answer.json())
        return f"(status {answer.status_code})"

    run.step("solve start (POST /rounds/{r}/solve, until 202)", start_solve)

    def wait_solve() -> str:
        while True:
            state = run.request("GET", f"/solves/{job['id']}").json()
            if state["status"] in ("succeeded", "failed", "cancelled"):
                job.update(state)
                return f"({state['status']}, objective {state['objective']})"
            time.sleep(1)

    run.step(f"solve ({solve_seconds:g} s budget, until finished)", wait_solve)
    if not job.get("allocation"):
        raise RuntimeError(f"the solve made no allocation: {job}")
    run.step(
        "accept (POST /rounds/{r}/allocations/{a}/accept)",
        lambda: _status(
            run.follow_job(
                run.request("POST", f"/rounds/{ROUND}/allocations/{job['allocation']}/accept")
            )
        ),
    )
    run.step(
        "publish (POST /rounds/{r}/transitions to published)",
        lambda: _status(
            run.follow_job(
                run.request("POST", f"/rounds/{ROUND}/transitions", json={"to": "published"})
            )
        ),
    )
    bookings = run.request("GET", f"/rounds/{ROUND}/bookings", params={"limit": 1}).json()
    print(f"  {bookings['total']} bookings", file=sys.stderr)
    for path in ("instance.json", "solution.json", "allocation.csv", "schedule.ics"):
        run.step(f"export {path}", _getter(run, f"/rounds/{ROUND}/{path}"))
    report = f"/rounds/{ROUND}/reports/countries"
    run.step("country report (GET /rounds/{r}/reports/countries)", _getter(run, report))
    _let_the_cache_fill()
    run.step("export solution.json, again (kept)", _getter(run, f"/rounds/{ROUND}/solution.json"))
    run.step("country report, again (kept)", _getter(run, report))
    run.step(
        "bookings page of 50 (GET /rounds/{r}/bookings)",
        lambda: _size(run.request("GET", f"/rounds/{ROUND}/bookings")),
    )
    first = run.request("GET", f"/rounds/{ROUND}/bookings", params={"limit": 1}).json()
    run.step(
        "cancel a booking (POST /bookings/{b}/cancel)",
        lambda: _status(run.request("POST", f"/bookings/{first['items'][0]['id']}/cancel")),
    )
    run.step("country report after the cancellation", _getter(run, report))
    block = run.request("GET", f"/rounds/{ROUND}/bookings", params={"limit": 1, "offset": 1})
    run.step(
        "page /ui/rounds/{r}/schedule/bookings/{b} (a block's booking)",
        _getter(run, f"/ui/rounds/{ROUND}/schedule/bookings/{block.json()['items'][0]['id']}"),
    )
    for page in PAGES:
        run.step(f"page /ui/rounds/{{r}}{page}", _getter(run, f"/ui/rounds/{ROUND}{page}"))
        if page == "/decisions":
            _let_the_cache_fill()
            for again in AGAIN:
                run.step(
                    f"page /ui/rounds/{{r}}{again} (kept rows)",
                    _getter(run, f"/ui/rounds/{ROUND}{again}"),
                )


PAGES = [
    "",
    "/decisions",
    "/schedule",
    "/schedule?week=10",
    "/utilisation",
    "/balances",
    "/proposals",
    "/proposals?outcome=rejected&sort=score&page=20",
    "/proposals?status=panel_scored&sort=title&page=50",
    "/proposals?search=P-0&sort=submitted",
    "/closed-periods",
]
AGAIN = ["/decisions", "/decisions?sort=awarded&page=40", "/decisions?outcome=partial"]
"""Reads of the decisions page once its rows are kept (`api.exports.cache`)."""
CACHE_FILL_SECONDS = 3.0
"""A read that misses stores what it computed after its response; the next step waits
this long (not timed) so that it measures the kept export, not a second miss."""


def _let_the_cache_fill() -> None:
    time.sleep(CACHE_FILL_SECONDS)


def _getter(run: Run, path: str) -> Callable[[], str]:
    """A step that reads `path` and notes the size of the answer."""
    return lambda: _size(run.request("GET", path))


def _status(answer: httpx.Response) -> str:
    return f"(status {answer.status_code})"


def _size(answer: httpx.Response) -> str:
    return f"({len(answer.content) / 1000:,.0f} kB)"


def main(argv: list[str] | None = None) -> None:
    """Run the round on a fresh database and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--instance", type=Path, default=None, help="default: generate XL")
    parser.add_argument("--solve-seconds", type=float, default=60)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default SQLite)")
    options = parser.parse_args(argv)
    instance = options.instance
    if instance is None:
        instance = Path("build/service-scale-round.json")
        instance.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "beamtime"),
                "generate",
                *GENERATE,
                "-o",
                str(instance),
            ],
            check=True,
        )
    with database_url(options.database_url) as url:
        token = prepare(url)
        environment = {**os.environ, "BEAMTIME_DATABASE_URL": url}
        environment.pop("BEAMTIME_BROKER_URL", None)
        port = _free_port()
        arguments = [sys.executable, "-m", "uvicorn", "--log-level", "warning"]
        arguments += ["--no-access-log", "--port", str(port), "--factory", "api.app:create_app"]
        with served(arguments, port, environment) as base:
            probe = HealthProbe(base)
            probe.start()
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
                sign_in(client, token)
                run = Run(client, probe)
                run_round(run, instance, options.solve_seconds)
            probe.stopping.set()
            probe.join()
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"service on {backend}, round {instance}")
    print("| step | seconds | slowest /health meanwhile (s) | note |")
    print("| --- | ---: | ---: | --- |")
    for step in run.steps:
        print(f"| {step.name} | {step.seconds:.2f} | {step.health_seconds:.2f} | {step.note} |")


if __name__ == "__main__":
    main()
