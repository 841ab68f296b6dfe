"""`beamtime generate`: write a seeded, realistic allocation round as an instance document."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from models.exchange import Instance, dump_document
from models.exchange.fields import MAX_HORIZON
from scheduler.generator import CalendarProfile, GeneratorConfig, PolicyProfile, generate_instance
from scheduler.generator.config import (
    DEFAULT_START,
    MAX_HISTORY_ROUNDS,
    MAX_INSTRUMENTS,
    MAX_OVERSUBSCRIPTION,
    MAX_PROPOSALS,
)
from scheduler.summary import summarise_round

error_console = Console(stderr=True, highlight=False)


def generate_command(
    *,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same options give a byte-identical file.")
    ] = 1,
    proposals: Annotated[
        int, typer.Option(min=1, max=MAX_PROPOSALS, help="Number of proposals.")
    ] = 200,
    instruments: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_INSTRUMENTS,
            help="Number of instruments (real stations first, then synthetic ones).",
        ),
    ] = 16,
    shifts: Annotated[
        int, typer.Option(min=1, max=MAX_HORIZON, help="Length of the round, in shifts.")
    ] = 540,
    policies: Annotated[
        PolicyProfile,
        typer.Option(help="Policies: none, all hard, all soft, or mixed modes."),
    ] = "mixed",
    calendar: Annotated[
        CalendarProfile,
        typer.Option(help="Closed time: normal (~10%), tight (25-40%), or fragmented."),
    ] = "normal",
    oversubscription: Annotated[
        float,
        typer.Option(
            min=0.1,
            max=MAX_OVERSUBSCRIPTION,
            help="Target shifts requested per open instrument-shift (tight raises it 1.4x).",
        ),
    ] = 2.5,
    shift_hours: Annotated[int, typer.Option(min=1, max=24, help="Hours per shift.")] = 8,
    round_id: Annotated[str, typer.Option(help="The round's id.")] = "2027-I",
    start: Annotated[
        str,
        typer.Option(
            help="Start of shift 0, ISO 8601 (a time without a zone is read as UTC).",
        ),
    ] = DEFAULT_START.isoformat().replace("+00:00", "Z"),
    name: Annotated[str, typer.Option(help="The round's name (default: states the options).")] = "",
    owed_shifts: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_HORIZON,
            help="Shifts beyond tolerance the first reciprocity partner is owed at the start "
            "(then the empty award breaks that agreement).",
        ),
    ] = 0,
    history_rounds: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_HISTORY_ROUNDS,
            help="Earlier rounds carried in the contribution policy's `history` (0: none).",
        ),
    ] = 0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of standard output."),
    ] = None,
) -> None:
    """Generate a feasible allocation round with real facility names and synthetic proposals."""
    config = GeneratorConfig(
        seed=seed,
        proposals=proposals,
        instruments=instruments,
        shifts=shifts,
        policies=policies,
        calendar=calendar,
        oversubscription=oversubscription,
        shift_hours=shift_hours,
        round_id=_round_id(round_id),
        round_start=_start_time(start),
        round_name=name,
        owed_shifts=owed_shifts,
        history_rounds=history_rounds,
    )
    instance = generate_instance(config)
    text = dump_document(instance)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        error_console.print(f"[bold red]{output}[/]: cannot write the file ({error.strerror})")
        raise typer.Exit(1) from None
    error_console.print(f"wrote {output}: {describe(instance)}", soft_wrap=True)


def describe(instance: Instance) -> str:
    """One line about a generated round: sizes, demand against supply, policies."""
    summary = summarise_round(instance)
    ratio = summary.oversubscription
    return (
        f"round {instance.round.id}, {len(instance.proposals)} proposals "
        f"({summary.n_requests} requests), {len(instance.instruments)} instruments at "
        f"{len(instance.facilities)} facilities, {summary.n_shifts} shifts, "
        f"oversubscription {'-' if ratio is None else f'{ratio:.2f}x'}, "
        f"{len(instance.policies)} policies"
    )


def _round_id(value: str) -> str:
    if not 1 <= len(value) <= 200:
        raise typer.BadParameter("must be 1 to 200 characters long", param_hint="--round-id")
    return value


def _start_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 date and time, e.g. 2027-02-01T08:00:00Z",
            param_hint="--start",
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
