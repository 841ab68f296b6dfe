"""`beamtime whatif`: solve a round and its variants side by side, and price its agreements."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.documents import load_instance, load_variant, print_document_error
from cli.whatif_table import print_whatif_summary
from models.exchange import DocumentError, Instance
from models.exchange.variant import Variant, apply_variant
from scheduler.params import SolveParams
from scheduler.whatif.cases import study_cases
from scheduler.whatif.html import render_html
from scheduler.whatif.lp_estimate import lp_price_estimates
from scheduler.whatif.parallel import solve_side_by_side
from scheduler.whatif.report import assemble_report

console = Console(stderr=True, highlight=False)


def whatif_command(
    instance_path: Annotated[Path, typer.Argument(metavar="INSTANCE.json", help="Instance file.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="REPORT.json", help="Where to write.")
    ],
    variant_paths: Annotated[
        list[Path] | None,
        typer.Option("--variant", metavar="VARIANT.json", help="A variant document (repeatable)."),
    ] = None,
    price: Annotated[
        bool, typer.Option("--price", help="Price each policy (one more solve per policy).")
    ] = False,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Budget of each solve, in seconds.")
    ] = 30.0,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="CP-SAT workers per solve.")
    ] = 2,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Solves at a time (default: cores / workers)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 1,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="REPORT.html", help="Also write a web page.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Solve INSTANCE.json and every --variant, compare them, and with --price give the
    price of each agreement; exit 1 if a document is invalid or the base has no solution."""
    instance = load_instance(instance_path)
    paths = variant_paths or []
    variants = [load_variant(path) for path in paths]
    fitting = [
        _fits(instance, path, variant) for path, variant in zip(paths, variants, strict=True)
    ]
    if not all(fitting):
        raise typer.Exit(1)
    try:
        cases = study_cases(instance, variants, price=price)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--variant") from None
    params = SolveParams(time_limit=time_limit, workers=workers, seed=seed)
    processes = jobs or max(1, (os.cpu_count() or 1) // workers)
    if not quiet:
        console.print(
            f"solving {len(cases)} cases, {min(processes, len(cases))} at a time, "
            f"{time_limit:g} s each..."
        )
    solutions = solve_side_by_side({c.key: c.instance for c in cases}, params, processes)
    estimates = lp_price_estimates(instance) if price else None
    report = assemble_report(instance, cases, solutions, variants, estimates)
    try:
        output.write_text(report.model_dump_json(indent=1) + "\n", encoding="utf-8")
        if html is not None:
            html.write_text(render_html(report), encoding="utf-8")
    except OSError as error:
        console.print(f"[bold red]{error.filename}[/]: cannot write ({error.strerror})")
        raise typer.Exit(1) from None
    if not quiet:
        print_whatif_summary(console, report)
        console.print(f"wrote {output}" + (f" and {html}" if html else ""))
    if report.base.objective is None:
        raise typer.Exit(1)


def _fits(instance: Instance, path: Path, variant: Variant) -> bool:
    """Whether the variant applies to the round; its problems are printed when not."""
    try:
        apply_variant(instance, variant)
    except DocumentError as error:
        print_document_error(path, error)
        return False
    return True
