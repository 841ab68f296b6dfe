"""`beamtime replan`: the re-plan instance of a published schedule after outages or declines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from cli.documents import load_instance, load_solution
from models.exchange import DocumentError, Round, dump_document
from scheduler.replan.build import Outage, ReplanInputError, replan_instance, shift_at

console = Console(stderr=True, highlight=False)


def parse_time(text: str, round_: Round, *, round_up: bool, what: str) -> int:
    """A shift number, or a date and time (ISO 8601) converted to the round's shifts.

    Raises:
        typer.BadParameter: naming `what` when the text is neither.
    """
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is neither a shift number nor a date and time such as 2027-03-01T08:00",
            param_hint=what,
        ) from None
    return shift_at(round_, when, round_up=round_up)


def parse_outage(text: str, round_: Round) -> Outage:
    """`INSTRUMENT:START:END` in shifts, or `INSTRUMENT:START..END` with dates and times.

    Raises:
        typer.BadParameter: when the text has another form.
    """
    instrument, _, period = text.partition(":")
    start, separator, end = period.partition("..")
    if not separator:
        start, separator, end = period.partition(":")
    if not instrument or not separator or not start or not end:
        raise typer.BadParameter(
            f"{text!r}: write INSTRUMENT:START:END (shifts) or INSTRUMENT:START..END (times)",
            param_hint="--outage",
        )
    return Outage(
        instrument,
        parse_time(start, round_, round_up=False, what="--outage"),
        parse_time(end, round_, round_up=True, what="--outage"),
    )


def replan_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="The round.")],
    solution_path: Annotated[
        Path, typer.Argument(metavar="SOLUTION.json", help="Its published schedule.")
    ],
    now: Annotated[
        str,
        typer.Option(
            "--now",
            metavar="T",
            help="First shift that may still change: a shift number or a date and time "
            "(a shift already begun counts as delivered).",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="REPLAN.json", help="Where to write.")
    ],
    outage: Annotated[
        list[str] | None,
        typer.Option(
            "--outage",
            metavar="INSTRUMENT:START:END",
            help="Lost time, joins the instrument's closed intervals (repeatable; times as "
            "INSTRUMENT:START..END).",
        ),
    ] = None,
    decline: Annotated[
        list[str] | None,
        typer.Option("--decline", metavar="PROPOSAL", help="A group that declines (repeatable)."),
    ] = None,
    change_weight: Annotated[
        float,
        typer.Option("--change-weight", min=0.0001, help="Cost of each baseline block not kept."),
    ] = 1.0,
) -> None:
    """Write the re-plan instance: blocks before --now become delivered time, blocks in
    progress are split at --now, outages join `closed`; solve it with `beamtime solve`."""
    instance = load_instance(instance_path)
    solution = load_solution(solution_path)
    now_shift = parse_time(now, instance.round, round_up=True, what="--now")
    outages = [parse_outage(item, instance.round) for item in outage or []]
    try:
        replan = replan_instance(
            instance,
            solution,
            now=now_shift,
            outages=outages,
            declined=decline or [],
            change_weight=round(change_weight, 4),
        )
    except ReplanInputError as error:
        console.print(f"[bold red]cannot re-plan[/]: {error}")
        raise typer.Exit(1) from None
    except ValidationError as error:
        print_problems(DocumentError.from_validation_error("the re-plan is invalid", error))
        raise typer.Exit(1) from None
    try:
        output.write_text(dump_document(replan), encoding="utf-8")
    except OSError as error:
        console.print(f"[bold red]{output}[/]: cannot write the instance ({error.strerror})")
        raise typer.Exit(1) from None
    assert replan.replan is not None
    blocks = sum(len(item.blocks) for item in replan.replan.baseline)
    console.print(
        f"re-plan from shift {now_shift}: {len(replan.replan.delivered)} started requests, "
        f"{blocks} baseline blocks, {len(outages)} outages; wrote {output}"
    )


def print_problems(error: DocumentError) -> None:
    """Every problem of an invalid result, one per line."""
    console.print(f"[bold red]{error.args[0].splitlines()[0]}[/]")
    for problem in error.problems:
        console.print(f"  [red]•[/] {problem}", soft_wrap=True)
