"""Commands of the booking service: serve, db, token, load, worker, demo.

Heavy modules (FastAPI, SQLAlchemy, uvicorn, Dramatiq) are imported inside the
commands, so that `beamtime validate` and friends start quickly. Every command
honours `BEAMTIME_DATABASE_URL` (and the other `BEAMTIME_*` settings).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from api.db import Database
    from api.demo_operations import DemoOperations
    from api.settings import Settings

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

db_app = typer.Typer(help="Manage the service's database.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)

DEMO_INSTANCE = Path("examples/small-demo.json")


class RoleChoice(StrEnum):
    """Roles a token can have."""

    admin = "admin"
    coordinator = "coordinator"
    reviewer = "reviewer"
    proposer = "proposer"


class LoadState(StrEnum):
    """States a loaded round can start in."""

    draft = "draft"
    open = "open"
    review = "review"


def _settings(**overrides: object) -> Settings:
    from api.settings import SettingsError, load_settings

    try:
        return load_settings(**overrides)
    except SettingsError as error:
        for problem in error.problems:
            error_console.print(f"[bold red]invalid settings[/]: {problem}", soft_wrap=True)
        raise typer.Exit(2) from None


def _database(settings: Settings) -> Database:
    """The settings' database, migrated; says which one on standard error."""
    from api.commandline import describe_database, prepare_database

    database = prepare_database(settings)
    error_console.print(
        f"database: {describe_database(settings.database_url)} "
        "(BEAMTIME_DATABASE_URL chooses another)",
        soft_wrap=True,
    )
    return database


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    upgrade: Annotated[bool, typer.Option(help="Migrate the database first.")] = True,
) -> None:
    """Run the HTTP service (uvicorn); the database is migrated first."""
    import uvicorn

    from api.app import create_app
    from api.db import Database

    settings = _settings()
    database = _database(settings) if upgrade else Database.from_url(settings.database_url)
    console.print(
        f"beamtime service on http://{host}:{port}  (pages: /ui/, docs: /docs, "
        f"database: {database.engine.url.render_as_string(hide_password=True)})"
    )
    uvicorn.run(create_app(settings, database=database), host=host, port=port, log_level="info")


@db_app.command("upgrade")
def db_upgrade_command(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Migrate the database to the newest schema (or to --revision)."""
    from api.db import Database
    from api.migrate import current_revision, upgrade

    settings = _settings()
    if revision == "head":
        database = _database(settings)
    else:
        database = Database.from_url(settings.database_url)
        upgrade(database.engine, revision)
    console.print(f"database at revision {current_revision(database.engine)}")


@db_app.command("current")
def db_current_command() -> None:
    """Print the database's schema revision and the newest one available."""
    from api.commandline import describe_database
    from api.db import Database
    from api.migrate import current_revision, head_revision

    settings = _settings()
    database = Database.from_url(settings.database_url)
    console.print(
        f"{describe_database(settings.database_url)}: current "
        f"{current_revision(database.engine) or '(none)'}, head {head_revision()}",
        soft_wrap=True,
    )


@token_app.command("create")
def token_create_command(
    role: Annotated[RoleChoice, typer.Option(help="What the token may do.")],
    name: Annotated[str, typer.Option(help="Who the token is for.")],
    facility: Annotated[
        list[str] | None, typer.Option(help="Coordinator: a facility code (repeatable).")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Proposer: the research group code.")] = None,
    round_code: Annotated[
        list[str] | None, typer.Option("--round", help="Reviewer: a round code (repeatable).")
    ] = None,
) -> None:
    """Issue an API token. The token is printed alone on the last line, and never again."""
    from api.auth.principal import Role
    from api.commandline import create_token
    from api.errors import InvalidInputError

    database = _database(_settings())
    try:
        issued = create_token(
            database,
            name=name,
            role=Role(role.value),
            facilities=facility or [],
            rounds=round_code or [],
            group=group,
        )
    except InvalidInputError as error:
        for problem in error.errors:
            error_console.print(f"[bold red]{problem.path}[/]: {problem.message}")
        raise typer.Exit(2) from None
    scope = f" scope {', '.join(issued.scope)}" if issued.scope else ""
    console.print(f"token {issued.id} for {name}: {issued.role}{scope}")
    console.print("store it now; it is not shown again:")
    print(issued.value)


def load_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="Instance file.")],
    state: Annotated[LoadState, typer.Option(help="State of the new round.")] = LoadState.draft,
    group: Annotated[
        str, typer.Option(help="Group of the proposals --groups does not name.")
    ] = "imported",
    groups: Annotated[
        Path | None,
        typer.Option(
            metavar="GROUPS.json",
            help='Research group of each proposal: {"P-0001": "lab-a", ...}.',
        ),
    ] = None,
) -> None:
    """Load a round (and its facilities, instruments, proposals, policies) from a file."""
    import json

    from api.commandline import load_round
    from api.errors import BeamtimeError
    from cli.documents import read_text

    raw = read_text(instance_path)
    mapping: dict[str, str] = {}
    if groups is not None:
        try:
            loaded = json.loads(read_text(groups))
        except ValueError as error:
            error_console.print(f"[bold red]{groups}[/]: not JSON ({error})")
            raise typer.Exit(1) from None
        if not isinstance(loaded, dict) or not all(
            isinstance(value, str) for value in loaded.values()
        ):
            error_console.print(
                f"[bold red]{groups}[/]: must be an object of proposal ids to group codes"
            )
            raise typer.Exit(1)
        mapping = loaded
    database = _database(_settings())
    try:
        code = load_round(database, raw, group=group, state=state.value, groups=mapping)
    except BeamtimeError as error:
        error_console.print(f"[bold red]{instance_path}[/]: {error.detail}")
        for problem in error.errors:
            error_console.print(f"  [red]•[/] {problem.path}: {problem.message}")
        raise typer.Exit(1) from None
    console.print(f"loaded round [bold]{code}[/] ({state.value}) from {instance_path}")


def worker_command(
    processes: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    threads: Annotated[int, typer.Option(min=1, help="Jobs at once per process.")] = 1,
) -> None:
    """Run solve workers for the task queue (needs BEAMTIME_BROKER_URL)."""
    settings = _settings()
    if not settings.broker_url:
        error_console.print(
            "[bold red]BEAMTIME_BROKER_URL is not set[/]; "
            "without a broker the service runs solves itself"
        )
        raise typer.Exit(2)
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    from api.jobs.queue import QUEUE_NAME
    from api.jobs.store import JobStore
    from api.jobs.supervisor import Supervisor, SupervisorThread

    _database(settings)
    from api.db import Database

    supervisor = SupervisorThread(
        Supervisor(JobStore(Database.from_url(settings.database_url)), settings),
        settings.supervise_every_seconds or 5.0,
    )
    supervisor.start()
    arguments = make_argument_parser().parse_args(  # type: ignore[no-untyped-call]
        [
            "api.jobs.queue_worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
            "--queues",
            QUEUE_NAME,
            "--use-spawn",
        ]
    )
    try:
        code = dramatiq_main(arguments)  # type: ignore[no-untyped-call]
    finally:
        supervisor.stop()
    raise typer.Exit(code or 0)


def _operations_text(operations: DemoOperations | None, base: str, auth: str) -> str:
    """What the demo did after publishing, every figure as the API reads it back."""
    if operations is None:
        return ""
    accepted = f"accepted by {operations.accepted_by}" if operations.accepted_by else "not accepted"
    rounds = ", ".join(operations.ledger_rounds)
    lost = operations.outage_lost
    return f"""
Outage on {operations.outage_instrument}: bookings lost {lost} shift{"" if lost == 1 else "s"}.
Re-plan {operations.replan}: {accepted}; {operations.moved} blocks moved, \
{operations.shortened} shortened, {operations.dropped} dropped, {operations.new} new.
Against the bookings the outage left ({operations.unkeepable} booked shifts could not be kept), \
it recovers {operations.shifts_recovered} shifts and {operations.value_recovered:g} of value.
Agreement {operations.agreement}: {len(operations.ledger_rounds)} rounds in its ledger ({rounds}).

re-plan:         curl {auth} {base}/replans/{operations.replan}
ledger:          curl {auth} {base}/agreements/{operations.agreement}/ledger
"""


def demo_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Serve after setting up.")] = True,
    instance_path: Annotated[Path, typer.Option("--instance", help="Round to load.")] = (
        DEMO_INSTANCE
    ),
) -> None:
    """Load the example round, solve and publish it, print tokens and URLs, then serve."""

    from api.demo import set_up_demo

    if not instance_path.is_file():
        error_console.print(
            f"[bold red]{instance_path}[/]: no such file; run the demo from the "
            "repository's root, or name a round with --instance"
        )
        raise typer.Exit(1)
    settings = _settings()  # the same database as every other command, unless told otherwise
    database = _database(settings)
    console.print("setting up the demo ...")
    setup = set_up_demo(database, settings, instance_path)
    base = f"http://{host}:{port}"
    admin, proposer = setup.admin.value, setup.proposer.value
    auth = "-H 'Authorization: Bearer"
    solved = (
        f"solved now (job {setup.job}: {setup.job_status})"
        if setup.job != "-"
        else "solved earlier"
    )
    is_open = setup.open_round_state == "open"
    call_state = "open for proposals" if is_open else setup.open_round_state
    operations = _operations_text(setup.operations, base, f"{auth} {admin}'")
    # Plain text, never wrapped: the commands below are meant to be copied.
    typer.echo(f"""
Round {setup.round}: {setup.round_state}, {solved}, {setup.bookings} bookings.
Round {setup.open_round}: {call_state}.
{operations}
admin token:     {admin}
proposer token:  {proposer}   (research group {setup_group()})

web pages:       {base}/ui/   (sign in with a token above)
API docs:        {base}/docs
rounds:          curl {auth} {admin}' {base}/rounds
schedule (ICS):  curl {auth} {admin}' {base}/rounds/{setup.round}/schedule.ics
schedule (CSV):  curl {auth} {admin}' {base}/rounds/{setup.round}/allocation.csv
country report:  curl {auth} {admin}' {base}/rounds/{setup.round}/reports/countries
""")
    if is_open:
        typer.echo(f"""Submit a proposal to the open call:

curl -X POST {base}/rounds/{setup.open_round}/proposals \\
  {auth} {proposer}' -H 'Content-Type: application/json' \\
  -H 'Idempotency-Key: my-first-proposal' \\
  -d '{{"title": "Beam test of a detector prototype", "countries": {{"KZ": 1}},
       "requests": [{{"instruments": ["{setup.instrument}"], "shifts": 6}}]}}'

and see it in the round:

curl {auth} {proposer}' {base}/rounds/{setup.open_round}/proposals
""")
    else:
        typer.echo(f"""Round {setup.open_round} takes no proposals while {setup.open_round_state}; \
to reopen it (from review):

curl -X POST {base}/rounds/{setup.open_round}/transitions \\
  {auth} {admin}' -H 'Content-Type: application/json' -d '{{"to": "open"}}'
""")
    sys.stdout.flush()
    if serve:
        import uvicorn

        from api.app import create_app

        uvicorn.run(create_app(settings, database=database), host=host, port=port, log_level="info")


def setup_group() -> str:
    """The research group of the demo's proposer token."""
    from api.demo import DEMO_GROUP

    return DEMO_GROUP
