"""`beamtime validate`: check an instance and summarise the round."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.documents import load_instance
from models.exchange import Instance
from scheduler.summary import RoundSummary, summarise_round

console = Console(highlight=False)


def validate_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="Instance file.")],
) -> None:
    """Validate an instance; print a summary, or every problem with its JSON path (exit 1)."""
    instance = load_instance(instance_path)
    print_summary(instance, summarise_round(instance))


def print_summary(instance: Instance, summary: RoundSummary) -> None:
    """One screen about the round: sizes, demand against supply, policies."""
    round_ = instance.round
    console.print(
        f"[bold green]valid[/] {INSTANCE_LABEL}: round [bold]{round_.id}[/] "
        f"{round_.name!s}".rstrip()
    )
    console.print(
        f"{summary.n_shifts} shifts of {round_.shift_hours} h from {round_.start.isoformat()}; "
        f"{len(instance.countries)} countries, {len(instance.facilities)} facilities, "
        f"{len(instance.instruments)} instruments, {len(instance.proposals)} proposals "
        f"({summary.n_requests} requests), {len(instance.precedences)} precedences"
    )
    table = Table(title="Demand and supply by facility (shifts)", title_justify="left")
    for column in ("facility", "instruments", "open", "requested", "oversubscription"):
        table.add_column(column, justify="left" if column == "facility" else "right")
    for row in summary.facilities:
        table.add_row(
            row.facility,
            str(row.instruments),
            str(row.open_shifts),
            str(row.requested_shifts),
            _ratio(row.oversubscription),
        )
    table.add_row(
        "[bold]all[/]",
        str(len(instance.instruments)),
        str(summary.open_shifts),
        str(summary.requested_shifts),
        _ratio(summary.oversubscription),
    )
    console.print(table)
    if instance.policies:
        policies = Table(title="Policies", title_justify="left")
        for column in ("id", "type", "mode", "scope"):
            policies.add_column(column)
        for policy_row in summary.policies:
            policies.add_row(*policy_row)
        console.print(policies)
    else:
        console.print("no policies")


INSTANCE_LABEL = "beamtime-instance/1"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"
