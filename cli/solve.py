"""`beamtime solve`: allocate a round with live progress and a closing summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.text import Text

from cli.documents import load_instance
from cli.summary import print_solution_summary
from models.exchange import dump_document
from scheduler.params import Progress, SolveParams
from scheduler.solve import solve

console = Console(stderr=True, highlight=False)


def solve_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="Instance file.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="SOLUTION.json", help="Where to write.")
    ],
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Budget in seconds.")
    ] = 30.0,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="CP-SAT workers.")] = 2,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 1,
    deterministic: Annotated[
        bool,
        typer.Option(
            "--deterministic",
            help="Same instance and seed give a byte-identical file (budget in deterministic "
            "seconds).",
        ),
    ] = False,
    method: Annotated[
        str,
        typer.Option("--method", help="cpsat (the engine) or greedy (rank-and-cut baseline)."),
    ] = "cpsat",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Solve INSTANCE.json and write the solution; exit 1 if no valid solution was found."""
    if method not in ("cpsat", "greedy"):
        raise typer.BadParameter("must be cpsat or greedy", param_hint="--method")
    instance = load_instance(instance_path)
    params = SolveParams(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        deterministic=deterministic,
        method="greedy" if method == "greedy" else "cpsat",
    )
    live_console = Console(stderr=True, highlight=False, quiet=quiet)
    with Live(
        Text("solving..."), console=live_console, refresh_per_second=4, transient=True
    ) as live:

        def show(progress: Progress) -> None:
            bound = "-" if progress.bound is None else f"{progress.bound:,.2f}"
            gap = "-" if progress.gap is None else f"{progress.gap:.2%}"
            live.update(
                Text(
                    f"{progress.seconds:7.1f} s   objective {progress.objective:,.2f}   "
                    f"bound {bound}   gap {gap}"
                )
            )

        solution = solve(instance, params, on_progress=show)
    try:
        output.write_text(dump_document(solution), encoding="utf-8")
    except OSError as error:
        console.print(f"[bold red]{output}[/]: cannot write the solution ({error.strerror})")
        raise typer.Exit(1) from None
    if not quiet:
        print_solution_summary(instance, solution)
        console.print(f"wrote {output}")
    if solution.status not in ("optimal", "feasible"):
        raise typer.Exit(1)
