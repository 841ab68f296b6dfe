"""The demo's operations on its published round: a standing agreement over it and the next
round, an outage over its longest booking, and a re-plan of it solved and accepted.

Each step goes through the same services as the HTTP API and is done once: a second demo
finds the agreement and the accepted re-plan and reports them as they are.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from api.agreements.ledger import ledger_entries
from api.agreements.standing_schemas import StandingReciprocityCreate
from api.agreements.standing_service import StandingAgreementService
from api.bookings.repository import BookingRepository
from api.commandline import command_line_principal
from api.db import Database
from api.errors import AlreadyExistsError
from api.jobs.backend import JobBackend
from api.jobs.runner import run_job
from api.outages.schemas import OutageCreate
from api.outages.service import OutageService
from api.replans.schemas import ReplanCreate
from api.replans.service import ReplanService
from api.rounds.service import get_run_round
from api.rounds.states import RoundAction, allows
from api.settings import Settings
from models.exchange import Instance
from models.orm import HOLDING_STATUSES, JobPurpose, Round, SolveJob, utc_now

OUTAGE_CAUSE = "demo: magnet quench"
DEMO_CHANGE_WEIGHT = 5.0
"""What each changed block costs the demo's re-plan: more than a shift or two of most
proposals' value, so that it revises around the outage rather than rewrites the round."""


@dataclass(frozen=True)
class DemoOperations:
    """What the demo did after publishing, for printing: every figure read back."""

    outage_instrument: str
    outage_lost: int
    """Shifts the round's outages took from bookings."""
    replan: str
    accepted_by: str
    moved: int
    shortened: int
    dropped: int
    new: int
    given_back: int
    """Lost shifts the accepted re-plan gave back."""
    unkeepable: int
    """Booked shifts in blocks that no revision could keep after the outage."""
    shifts_recovered: int
    value_recovered: float
    """Award value (score x shifts) gained against the bookings with their lost time."""
    agreement: str
    ledger_rounds: tuple[str, ...]


def run_operations(
    database: Database, settings: Settings, instance: Instance, backend: JobBackend
) -> DemoOperations | None:
    """Record the agreement, the outage and the re-plan on the published round of
    `instance` (once each); None if the round is not published or has no booking.

    Raises:
        BeamtimeError: should a service refuse a step.
    """

    code = instance.round.id
    with database.transaction() as session:
        round_ = get_run_round(session, command_line_principal(), code)
        if not allows(round_.state, RoundAction.REPLAN):
            return None
    agreement = _standing_agreement(database, instance)
    job_id = _accepted_replan(database, code)
    if job_id is None:
        job_id = _outage_and_replan(database, settings, code, backend)
    if job_id is None:
        return None
    return _read_back(database, settings, backend, code, job_id, agreement)


def _standing_agreement(database: Database, instance: Instance) -> str:
    """A soft reciprocity between the host of the round's first facility and another of its
    countries, in force from the round's start, so that the next round takes it too."""

    host = instance.facilities[0].host_country
    partner = next(c.code for c in instance.countries if c.code != host)
    code = f"{host}-{partner}-across-rounds"
    with suppress(AlreadyExistsError), database.transaction() as session:
        StandingAgreementService(session, command_line_principal()).create(
            StandingReciprocityCreate(
                type="reciprocity",
                code=code,
                name=f"{host}-{partner} access across rounds (demo)",
                in_force_from=instance.round.start,
                countries=[host, partner],
                tolerance=1000,
                mode="soft",
                weight=1.0,
            )
        )
    return code


def _accepted_replan(database: Database, code: str) -> str | None:
    """The round's accepted re-plan, if an earlier demo made one."""

    with database.transaction() as session:
        return session.scalar(
            select(SolveJob.id)
            .join(Round, Round.id == SolveJob.round_id)
            .where(
                Round.code == code,
                SolveJob.purpose == JobPurpose.REPLAN.value,
                SolveJob.accepted_at.is_not(None),
            )
        )


def _outage_and_replan(
    database: Database, settings: Settings, code: str, backend: JobBackend
) -> str | None:
    """An outage over the first shift of the round's longest booking, then a re-plan
    solved here and accepted; the re-plan's id (None: no booking to hit)."""

    principal = command_line_principal()
    with database.transaction() as session:
        round_ = get_run_round(session, principal, code)
        bookings, _ = BookingRepository(session).page(
            round_.id, 1_000_000, 0, statuses=[s.value for s in HOLDING_STATUSES]
        )
        if not bookings:
            return None
        longest = max(bookings, key=lambda b: (b.length, b.id))
        starts_at = round_.start + timedelta(hours=round_.shift_hours * longest.start)
        body = OutageCreate(
            instruments=[longest.instrument.code],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=round_.shift_hours),
            cause=OUTAGE_CAUSE,
        )
    with database.transaction() as session:
        OutageService(session, principal).record(code, body)
    with database.transaction() as session:
        job_id = (
            ReplanService(session, principal, settings, backend)
            .start(
                code,
                ReplanCreate(time_limit=10, workers=2, seed=1, change_weight=DEMO_CHANGE_WEIGHT),
            )
            .id
        )
    if run_job(database, settings, job_id) != "succeeded":
        return job_id
    with database.transaction() as session:
        ReplanService(session, principal, settings, backend).accept(job_id)
    return job_id


def _read_back(
    database: Database,
    settings: Settings,
    backend: JobBackend,
    code: str,
    job_id: str,
    agreement: str,
) -> DemoOperations:
    """The figures to print, as the API shows them."""

    principal = command_line_principal()
    with database.transaction() as session:
        service = ReplanService(session, principal, settings, backend)
        replan = service.read(service.get(job_id))
        _, outages = OutageService(session, principal).list_of_round(code)
        _, losses = OutageService(session, principal).losses_visible(code)
        standing = StandingAgreementService(session, principal).get(agreement)
        rounds = tuple(entry.round_.code for entry in ledger_entries(session, standing, utc_now()))
        instrument = outages[0].instruments[0].code if outages else "-"
    return DemoOperations(
        outage_instrument=instrument,
        outage_lost=sum(loss.length for loss in losses),
        replan=job_id,
        accepted_by=replan.accepted_by or "",
        moved=replan.moved or 0,
        shortened=replan.shortened or 0,
        dropped=replan.dropped or 0,
        new=replan.new or 0,
        given_back=sum(item["given_back"] for item in replan.time_back),
        unkeepable=replan.value.lost_shifts if replan.value else 0,
        shifts_recovered=replan.value.shifts_recovered if replan.value else 0,
        value_recovered=replan.value.value_recovered if replan.value else 0.0,
        agreement=agreement,
        ledger_rounds=rounds,
    )
