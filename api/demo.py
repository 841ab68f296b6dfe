"""`beamtime demo`: a round loaded, solved, accepted and published, with an outage and an
accepted re-plan (`api.demo_operations`), a standing agreement over it and the next round,
and that next round open to submit to.

Everything goes through the same services as the HTTP API; the solves run through
the job runner in this process (the code a worker runs).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from api.commandline import IssuedToken, command_line_principal, create_token, load_round
from api.db import Database
from api.demo_operations import DemoOperations, run_operations
from api.settings import Settings

DEMO_GROUP = "demo-group"


@dataclass(frozen=True)
class DemoSetup:
    """What the demo made, for printing."""

    round: str
    round_state: str
    open_round: str
    open_round_state: str
    job: str
    job_status: str
    bookings: int
    admin: IssuedToken
    proposer: IssuedToken
    instrument: str
    operations: DemoOperations | None = None
    """The outage, re-plan and agreement (None: the round is not published)."""


def set_up_demo(database: Database, settings: Settings, instance: Path) -> DemoSetup:
    """Load, solve, accept and publish the example round; open a follow-up call; issue an
    admin and a proposer token. An existing demo round is reused."""
    from api.auth.principal import Role
    from api.errors import AlreadyExistsError
    from models.exchange import parse_instance

    raw = instance.read_bytes()
    code = parse_instance(raw).round.id
    with suppress(AlreadyExistsError):  # the demo database already has the round
        load_round(database, raw, group=DEMO_GROUP, state="review")
    job_id, job_status = _solve_and_publish(database, settings, code)
    open_round, open_round_state = _open_call(database, code)
    operations = run_operations(database, settings, parse_instance(raw), _NoBackend())
    admin = create_token(
        database, name="demo admin", role=Role.ADMIN, facilities=[], rounds=[], group=None
    )
    proposer = create_token(
        database,
        name="demo proposer",
        role=Role.PROPOSER,
        facilities=[],
        rounds=[],
        group=DEMO_GROUP,
    )
    with database.transaction() as session:
        from api.bookings.repository import BookingRepository
        from api.rounds.service import get_run_round

        demo_round = get_run_round(session, command_line_principal(), code)
        _, bookings = BookingRepository(session).page(demo_round.id, 1, 0)
        round_state = demo_round.state
    instrument = sorted(instrument.id for instrument in parse_instance(raw).instruments)[0]
    return DemoSetup(
        code,
        round_state,
        open_round,
        open_round_state,
        job_id,
        job_status,
        bookings,
        admin,
        proposer,
        instrument,
        operations,
    )


def _solve_and_publish(database: Database, settings: Settings, code: str) -> tuple[str, str]:
    from api.allocations.service import AllocationService
    from api.jobs.runner import run_job
    from api.rounds.schemas import RoundTransition
    from api.rounds.service import RoundService, get_run_round
    from api.rounds.states import RoundAction, allows
    from api.solves.schemas import SolveCreate
    from api.solves.service import SolveService

    principal = command_line_principal()
    with database.transaction() as session:
        state = get_run_round(session, principal, code).state
    if not allows(state, RoundAction.ACCEPT_ALLOCATION):  # the demo accepts what it solves
        return "-", f"skipped (round is {state})"
    with database.transaction() as session:
        job = SolveService(session, principal, settings, _NoBackend()).start(
            code, SolveCreate(method="cpsat", time_limit=10, workers=2, seed=1)
        )
        job_id = job.id
    status = run_job(database, settings, job_id)
    with database.transaction() as session:
        from api.solves.repository import SolveJobRepository

        allocation_id = SolveJobRepository(session).allocation_ids([job_id]).get(job_id)
    if allocation_id is None:
        return job_id, status
    with database.transaction() as session:
        AllocationService(session, principal).accept(code, allocation_id)
    with database.transaction() as session:
        RoundService(session, principal).transition(code, RoundTransition(to="published"), None)
    return job_id, status


def _open_call(database: Database, code: str) -> tuple[str, str]:
    """A round right after the demo round, on the same facilities, for submissions: its
    code and its state (open when made; a second demo finds it as it was left)."""
    from api.errors import AlreadyExistsError
    from api.rounds.schemas import RoundCreate, RoundTransition
    from api.rounds.service import RoundService, get_run_round

    principal = command_line_principal()
    call = f"{code}-next"
    with database.transaction() as session:
        demo = get_run_round(session, principal, code)
        body = RoundCreate(
            code=call,
            name=f"Call following {code}",
            start=demo.start + timedelta(hours=demo.shift_hours * demo.n_shifts),
            shift_hours=demo.shift_hours,
            n_shifts=demo.n_shifts,
            facilities=[facility.code for facility in demo.facilities],
        )
    try:
        with database.transaction() as session:
            RoundService(session, principal).create(body)
            RoundService(session, principal).transition(call, RoundTransition(to="open"), None)
    except AlreadyExistsError:
        pass
    with database.transaction() as session:
        return call, get_run_round(session, principal, call).state


class _NoBackend:
    """The demo runs its solve in-process; nothing is handed to a backend."""

    name = "demo"

    def submit(self, job_id: str) -> None:
        """Nothing: the demo runs the job itself."""

    def terminate(self, job_id: str) -> bool:
        """Nothing to stop."""
        return False

    def start(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""
