"""Proposal-submission throughput and latency of the service, against a bare FastAPI "hello".

    .venv/bin/python -m benchmarks.service_load [--duration 20] [--connections 16]
                                                [--database-url URL]

Sets up a fresh database (a SQLite file by default, or a schema of its own on the
PostgreSQL of `--database-url`) with an open round and a proposer token, starts
`beamtime serve` and the hello app with uvicorn on 127.0.0.1, and loads each with
`wrk` (Debian package `wrk`) for the same duration and connections. Without wrk it
falls back to an asyncio httpx client (slower: it shares the cores with the server).
Every request creates a new proposal. Prints one Markdown row per target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROUND = "BENCH-1"
BODY = {
    "title": "Load test proposal",
    "countries": {"KZ": 0.6, "RU": 0.4},
    "requests": [
        {
            "instruments": ["BENCH-A", "BENCH-B"],
            "shifts": 6,
            "min_shifts": 3,
            "min_block": 3,
            "unavailable": [[10, 12]],
        }
    ],
}


@dataclass(frozen=True)
class Target:
    """One endpoint to load: how to call it with each tool."""

    name: str
    url: str
    method: str
    headers: dict[str, str]
    body: str | None
    script: Path


@dataclass(frozen=True)
class LoadResult:
    """What a load run measured."""

    target: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds

    def row(self) -> str:
        """A Markdown table row."""
        return (
            f"| {self.target} | {self.throughput:,.0f} | {self.p50_ms:.1f} | "
            f"{self.p99_ms:.1f} | {self.errors} |"
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare_database(url: str) -> str:
    """Migrate the database and create the round and a proposer; returns the proposer's token."""
    from api.auth.principal import Role
    from api.commandline import command_line_principal, create_token, prepare_database
    from api.countries.schemas import CountryCreate
    from api.countries.service import CountryService
    from api.facilities.schemas import FacilityCreate, InstrumentCreate
    from api.facilities.service import FacilityService
    from api.rounds.schemas import RoundCreate, RoundTransition
    from api.rounds.service import RoundService
    from api.settings import Settings

    database = prepare_database(Settings(database_url=url))
    admin = command_line_principal()
    with database.transaction() as session:
        for code in ("KZ", "RU"):
            CountryService(session, admin).create(CountryCreate(code=code))
        FacilityService(session, admin).create_facility(
            FacilityCreate(code="BENCH", host_country="RU")
        )
        for code in ("BENCH-A", "BENCH-B"):
            FacilityService(session, admin).create_instrument(
                "BENCH", InstrumentCreate(code=code, capacity=1)
            )
        RoundService(session, admin).create(
            RoundCreate.model_validate(
                {
                    "code": ROUND,
                    "start": "2027-02-01T08:00:00Z",
                    "n_shifts": 540,
                    "facilities": ["BENCH"],
                }
            )
        )
        RoundService(session, admin).transition(ROUND, RoundTransition(to="open"), None)
    token = create_token(
        database, name="load test", role=Role.PROPOSER, facilities=[], rounds=[], group="bench"
    )
    database.dispose()
    return token.value


@contextmanager
def database_url(requested: str | None) -> Iterator[str]:
    """A fresh database: a temporary SQLite file, or a temporary PostgreSQL schema."""
    if requested is None or requested.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(requested)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(requested)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def served(arguments: list[str], port: int, environment: dict[str, str]) -> Iterator[str]:
    """Run a server process until the block ends; yields its base URL once it answers."""
    process = subprocess.Popen(
        arguments, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/docs", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{arguments} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(
    target: Target, seconds: int, connections: int, environment: dict[str, str]
) -> LoadResult:
    """Load the target with wrk (2 threads) and parse the script's RESULT line."""
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(target.script),
            target.url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    match = re.search(
        r"RESULT requests=(\d+) duration_us=(\d+) errors_status=(\d+) "
        r"errors_connect=(\d+) errors_timeout=(\d+) p50_us=(\d+) p99_us=(\d+)",
        output,
    )
    if match is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    numbers = [int(group) for group in match.groups()]
    return LoadResult(
        target.name,
        numbers[0],
        numbers[1] / 1e6,
        sum(numbers[2:5]),
        numbers[5] / 1000,
        numbers[6] / 1000,
    )


async def _httpx_load(target: Target, seconds: int, connections: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = await client.request(
                    target.method, target.url, headers=target.headers, content=target.body
                )
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, errors


def run_httpx(target: Target, seconds: int, connections: int) -> LoadResult:
    """Load the target with an asyncio httpx client."""
    started = time.perf_counter()
    latencies, errors = asyncio.run(_httpx_load(target, seconds, connections))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return LoadResult(
        target.name,
        len(ordered),
        elapsed,
        errors,
        ordered[len(ordered) // 2] * 1000,
        ordered[int(len(ordered) * 0.99)] * 1000,
    )


def load(options: argparse.Namespace, target: Target, environment: dict[str, str]) -> LoadResult:
    """Load the target with the chosen tool."""
    if options.tool == "wrk":
        return run_wrk(target, options.duration, options.connections, environment)
    return run_httpx(target, options.duration, options.connections)


def main(argv: list[str] | None = None) -> None:
    """Run both loads and print the results as Markdown rows."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default SQLite)")
    parser.add_argument(
        "--tool", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx"
    )
    options = parser.parse_args(argv)
    body = json.dumps(BODY)
    with database_url(options.database_url) as url:
        token = prepare_database(url)
        environment = {
            **os.environ,
            "BEAMTIME_DATABASE_URL": url,
            "BEAMTIME_BENCH_TOKEN": token,
            "BEAMTIME_BENCH_BODY": body,
        }
        environment.pop("BEAMTIME_BROKER_URL", None)
        uvicorn = [sys.executable, "-m", "uvicorn", "--log-level", "warning", "--no-access-log"]
        results = []
        port = _free_port()
        with served(
            [*uvicorn, "--port", str(port), "benchmarks.hello_app:app"], port, environment
        ) as base:
            hello = Target(
                "bare FastAPI GET /hello", f"{base}/hello", "GET", {}, None, HERE / "hello.lua"
            )
            results.append(load(options, hello, environment))
        port = _free_port()
        with served(
            [*uvicorn, "--port", str(port), "--factory", "api.app:create_app"], port, environment
        ) as base:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            submit = Target(
                "POST /rounds/{round}/proposals",
                f"{base}/rounds/{ROUND}/proposals",
                "POST",
                headers,
                body,
                HERE / "submit_proposal.lua",
            )
            results.append(load(options, submit, environment))
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"{options.tool}, {options.connections} connections, {options.duration} s per "
        f"target, service on {backend}"
    )
    print("| target | requests/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for result in results:
        print(result.row())


if __name__ == "__main__":
    main()
