"""The closing summary of `beamtime solve`: outcomes, utilisation, balances, violations."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from models.exchange import Instance, Solution
from scheduler.report import report_solution
from scheduler.returns import band_of

console = Console(stderr=True, highlight=False)


_BAND_COLOURS = {"very-poor": "red", "poor": "yellow", "well": "green"}


def _band(coefficient: float | None) -> str:
    band = band_of(coefficient)
    if band is None:
        return "-"
    return f"[{_BAND_COLOURS[band.key]}]{band.name}[/]"


def print_solution_summary(instance: Instance, solution: Solution) -> None:
    """Print the tables of a solution's report."""
    gap = "-" if solution.gap is None else f"{solution.gap:.2%}"
    objective = "-" if solution.objective is None else f"{solution.objective:,.2f}"
    bound = "-" if solution.bound is None else f"{solution.bound:,.2f}"
    console.print(
        f"[bold]{solution.status}[/]  objective {objective}  bound {bound}  gap {gap}"
        f"  ({solution.stats.seconds:.1f} s)"
    )
    if solution.conflict:
        console.print("conflicting hard rules: " + ", ".join(solution.conflict))
        return
    report = report_solution(instance, solution)
    outcomes = Table(title="Proposals", title_justify="left")
    for column in ("awarded", "partial", "rejected"):
        outcomes.add_column(column, justify="right")
    outcomes.add_row(*(str(report.outcomes.get(k, 0)) for k in ("awarded", "partial", "rejected")))
    console.print(outcomes)
    use = Table(title="Utilisation per instrument", title_justify="left")
    for column, justify in (
        ("instrument", "left"),
        ("awarded", "right"),
        ("open", "right"),
        ("utilisation", "right"),
    ):
        use.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in report.instruments:
        use.add_row(row.instrument, str(row.awarded), str(row.open), f"{row.utilisation:.0%}")
    console.print(use)
    if report.returns:
        returns = Table(title="Time against entitlement (return coefficient)", title_justify="left")
        for column in ("policy", "country", "time", "entitlement", "return", "band"):
            returns.add_column(
                column, justify="left" if column in ("policy", "country", "band") else "right"
            )
        for member in report.returns:
            coefficient = (
                "-" if member.return_coefficient is None else (f"{member.return_coefficient:.2f}")
            )
            returns.add_row(
                member.policy,
                member.country,
                f"{member.time:.1f}",
                f"{member.entitlement:.1f}",
                coefficient,
                _band(member.return_coefficient),
            )
        console.print(returns)
    if report.reciprocity:
        balances = Table(title="Reciprocity balances (shifts)", title_justify="left")
        for column in ("agreement", "G(A)", "G(B)", "balance", "tolerance", "violation"):
            balances.add_column(column, justify="left" if column == "agreement" else "right")
        for item in report.reciprocity:
            balances.add_row(
                f"{item.policy} ({item.countries[0]}-{item.countries[1]})",
                f"{item.received[0]:.1f}",
                f"{item.received[1]:.1f}",
                f"{item.balance:+.1f}",
                f"{item.tolerance:g}",
                f"{item.violation:.2f}",
            )
        console.print(balances)
    if solution.policies:
        policies = Table(title="Policy violations (shifts)", title_justify="left")
        policies.add_column("policy")
        policies.add_column("mode")
        policies.add_column("violation", justify="right")
        modes = {p.id: p.mode for p in instance.policies}
        for violation in solution.policies:
            policies.add_row(
                violation.id, modes.get(violation.id, "?"), f"{violation.violation:.2f}"
            )
        console.print(policies)
