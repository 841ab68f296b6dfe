"""`beamtime check`: verify a solution against its instance, without a solver."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.documents import load_instance, load_solution
from models.exchange import Instance, Solution
from scheduler.checking import CheckReport, check_solution

console = Console(highlight=False)


def check_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="Instance file.")],
    solution_path: Annotated[Path, typer.Argument(metavar="SOLUTION.json", help="Solution file.")],
) -> None:
    """Check a solution against its instance: every rule, the objective, policies and reasons.

    Exits with status 1 when the solution breaks any rule (a solution for another
    round included) or a file cannot be read; 0 when the solution is valid.
    """
    instance = load_instance(instance_path)
    solution = load_solution(solution_path)
    report = check_solution(instance, solution)
    print_report(instance, solution, report)
    if not report.valid:
        raise typer.Exit(1)


def print_report(instance: Instance, solution: Solution, report: CheckReport) -> None:
    """The verdict, the figures reported against those recomputed, and every breach."""
    verdict = "[bold green]VALID[/]" if report.valid else "[bold red]INVALID[/]"
    console.print(
        f"{verdict} solution for round [bold]{escape(solution.round)}[/] "
        f"(instance round {escape(instance.round.id)}), status [bold]{solution.status}[/]"
    )
    console.print(
        f"objective: reported {_reported(solution.objective)}, "
        f"recomputed {_figure(report.objective)}"
    )
    console.print(f"bound: {_reported(solution.bound)}")
    if instance.policies:
        console.print(_policy_table(instance, solution, report))
    count = len(report.breaches)
    console.print(f"{count} breach{'es' if count != 1 else ''}")
    for breach in report.breaches:
        console.print(
            f"  [red]•[/] [bold]{escape(breach.path)}[/] ({breach.rule}): {escape(breach.message)}",
            soft_wrap=True,
        )


def _policy_table(instance: Instance, solution: Solution, report: CheckReport) -> Table:
    reported: dict[str, float] = {}
    for entry in solution.policies:
        reported.setdefault(entry.id, entry.violation)
    table = Table(title="Policy violations (shifts)", title_justify="left")
    for column in ("policy", "type", "mode", "reported", "recomputed"):
        table.add_column(
            column, justify="right" if column in {"reported", "recomputed"} else "left"
        )
    for policy in instance.policies:
        mode = "hard" if policy.mode == "hard" else f"soft (weight {policy.weight:g})"
        table.add_row(
            escape(policy.id),
            policy.type,
            mode,
            _reported(reported.get(policy.id)),
            _figure(report.violations[policy.id]),
        )
    return table


def _reported(value: float | None) -> str:
    return "-" if value is None else f"{value:.10g}"


def _figure(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.10g}"
