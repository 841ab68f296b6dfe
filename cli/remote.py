"""`beamtime remote ...`: drive a running service over HTTP with a token, instead of curl.

Every command reads the service's address from `--url` (or `BEAMTIME_URL`) and the
token from `--token` (or `BEAMTIME_TOKEN`), prints what the service answered, and
exits 1 with the problem's detail and each `path: message` when it refuses.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    import httpx

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

remote_app = typer.Typer(
    help="Drive a running service over HTTP (rounds, solves, allocations, exports).",
    no_args_is_help=True,
)

EXPORTS = ("instance.json", "solution.json", "allocation.csv", "schedule.ics", "reports/countries")
FINISHED = ("succeeded", "failed", "cancelled")

Url = Annotated[str, typer.Option(envvar="BEAMTIME_URL", help="The service's address.")]
Token = Annotated[str, typer.Option(envvar="BEAMTIME_TOKEN", help="An API token (bt_...).")]


def client_for(url: str, token: str) -> httpx.Client:
    """An HTTP client for the service, sending the token (tests replace this)."""
    import httpx

    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=600)


def _call(url: str, token: str, method: str, path: str, **options: Any) -> httpx.Response:
    """One call; exits 1 with the service's problem if it refuses, 2 if it is unreachable."""
    import httpx

    try:
        with client_for(url, token) as client:
            answer = client.request(method, path, **options)
    except httpx.TransportError as error:
        error_console.print(f"[bold red]{url}[/]: cannot reach the service ({error})")
        raise typer.Exit(2) from None
    if answer.status_code >= 400:
        _print_problem(method, path, answer)
        raise typer.Exit(1)
    return answer


def _print_problem(method: str, path: str, answer: httpx.Response) -> None:
    try:
        body = answer.json()
    except ValueError:
        body = {"detail": answer.text[:500]}
    error_console.print(
        f"[bold red]{method} {path}[/]: {answer.status_code} {body.get('detail', '')}",
        soft_wrap=True,
    )
    for problem in body.get("errors", []):
        error_console.print(f"  [red]•[/] {problem['path']}: {problem['message']}", soft_wrap=True)


@remote_app.command("rounds")
def rounds_command(url: Url = "http://127.0.0.1:8000", token: Token = "") -> None:
    """List the rounds the token sees: code, state, name."""
    page = _call(url, token, "GET", "/rounds", params={"limit": 500}).json()
    for round_ in page["items"]:
        typer.echo(f"{round_['code']}\t{round_['state']}\t{round_['name']}")


@remote_app.command("transition")
def transition_command(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    to: Annotated[str, typer.Argument(metavar="STATE", help="open, review, published, closed")],
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Move a round through its lifecycle (`published` publishes its allocation)."""
    moved = _call(url, token, "POST", f"/rounds/{round_code}/transitions", json={"to": to})
    console.print(f"round {round_code}: {moved.json()['state']}")


@remote_app.command("publish")
def publish_command(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Publish a round's accepted allocation as bookings."""
    transition_command(round_code, "published", url, token)


@remote_app.command("solve")
def solve_command(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    time_limit: Annotated[float, typer.Option(help="Seconds of search.")] = 30.0,
    wait: Annotated[bool, typer.Option(help="Follow the job's progress until it ends.")] = True,
    every: Annotated[float, typer.Option(help="Seconds between progress checks.")] = 2.0,
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Start a solve; with --wait, print its progress and the allocation it made."""
    job = _call(
        url, token, "POST", f"/rounds/{round_code}/solve", json={"time_limit": time_limit}
    ).json()
    console.print(f"job {job['id']}: {job['status']}")
    while wait and job["status"] not in FINISHED:
        time.sleep(every)
        job = _call(url, token, "GET", f"/solves/{job['id']}").json()
        gap = f", gap {job['gap']:.2%}" if job.get("gap") is not None else ""
        objective = job.get("objective")
        shown = f", objective {objective:,.1f}{gap}" if objective is not None else ""
        console.print(f"job {job['id']}: {job['status']}{shown}")
    if job["status"] == "failed":
        error_console.print(f"[bold red]job {job['id']} failed[/]: {job.get('error', '')}")
        raise typer.Exit(1)
    if job.get("allocation"):
        console.print(f"allocation {job['allocation']} (accept it with `beamtime remote accept`)")


@remote_app.command("accept")
def accept_command(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    allocation: Annotated[str, typer.Argument(metavar="ALLOCATION")],
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Make an allocation the round's (the round becomes `allocated`)."""
    _call(url, token, "POST", f"/rounds/{round_code}/allocations/{allocation}/accept")
    console.print(f"round {round_code}: allocation {allocation} accepted")


@remote_app.command("export")
def export_command(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    what: Annotated[str, typer.Argument(metavar="EXPORT", help=", ".join(EXPORTS))],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it.")],
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Download an export of the round to a file."""
    if what not in EXPORTS:
        error_console.print(f"[bold red]{what}[/]: not an export; one of {', '.join(EXPORTS)}")
        raise typer.Exit(2)
    answer = _call(url, token, "GET", f"/rounds/{round_code}/{what}")
    output.write_bytes(answer.content)
    console.print(f"wrote {output} ({len(answer.content):,} bytes)")


@remote_app.command("close")
def close_command(
    instrument: Annotated[str, typer.Argument(metavar="INSTRUMENT")],
    starts_at: Annotated[str, typer.Option("--from", help="ISO 8601 start, with a zone.")],
    ends_at: Annotated[str, typer.Option("--to", help="ISO 8601 end (exclusive).")],
    reason: Annotated[str, typer.Option(help="Why it is closed.")] = "",
    url: Url = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Record a closed period of an instrument."""
    body = {"starts_at": starts_at, "ends_at": ends_at, "reason": reason}
    made = _call(url, token, "POST", f"/instruments/{instrument}/closed-periods", json=body)
    console.print(
        f"{instrument}: closed from {starts_at} to {ends_at} (period {made.json()['id']})"
    )
