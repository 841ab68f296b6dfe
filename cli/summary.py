"""The closing summary of `beamtime solve`: outcomes, utilisation, balances, violations."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from models.exchange import ContributionSharePolicy, Instance, Solution
from scheduler.replan.figures import revision_figures
from scheduler.report import MemberReturn, report_solution
from scheduler.returns import band_of

console = Console(stderr=True, highlight=False)


_BAND_COLOURS = {"very-poor": "red", "poor": "yellow", "well": "green"}


def _band(coefficient: float | None) -> str:
    band = band_of(coefficient)
    if band is None:
        return "-"
    return f"[{_BAND_COLOURS[band.key]}]{band.name}[/]"


def _coefficient(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _returns_table(instance: Instance, returns: list[MemberReturn]) -> Table:
    """Return coefficients; with `history`, this round alone and cumulative side by side."""
    cumulative = any(
        isinstance(p, ContributionSharePolicy) and p.history for p in instance.policies
    )
    title = "Time against entitlement (return coefficient)"
    table = Table(
        title=title + (", cumulative with earlier rounds" if cumulative else ""),
        title_justify="left",
    )
    columns = ["policy", "country", "time", "entitlement"]
    columns += ["return (round)", "return (cumulative)"] if cumulative else ["return"]
    for column in [*columns, "band"]:
        table.add_column(
            column, justify="left" if column in ("policy", "country", "band") else "right"
        )
    for member in returns:
        coefficients = [_coefficient(member.return_coefficient)]
        if cumulative:
            coefficients.insert(0, _coefficient(member.round_return_coefficient))
        table.add_row(
            member.policy,
            member.country,
            f"{member.time:.1f}",
            f"{member.entitlement:.1f}",
            *coefficients,
            _band(member.return_coefficient),
        )
    return table


def print_revision_summary(instance: Instance, solution: Solution) -> None:
    """What a re-plan changed: blocks, lost shifts given back, value, agreements."""
    revision = solution.revision
    if instance.replan is None or revision is None:
        return
    blocks = Table(title=f"Revision from shift {instance.replan.now}", title_justify="left")
    for column in ("kept", "moved", "shortened", "dropped", "new", "changed"):
        blocks.add_column(column, justify="right")
    blocks.add_row(
        *(str(n) for n in (revision.kept, revision.moved, revision.shortened, revision.dropped)),
        str(revision.new),
        str(solution.changed),
    )
    console.print(blocks)
    if revision.time_back:
        back = Table(title="Lost shifts given back", title_justify="left")
        for column in ("group", "request", "lost", "given back"):
            back.add_column(column, justify="left" if column in ("group", "request") else "right")
        proposal_of = {r.id: p.id for p in instance.proposals for r in p.requests}
        for item in revision.time_back:
            back.add_row(
                proposal_of.get(item.request, "?"),
                item.request,
                str(item.lost),
                str(item.given_back),
            )
        console.print(back)
    figures = revision_figures(instance, solution)
    console.print(
        f"value planned {float(figures.planned_value):,.2f}, lost to the outage "
        f"{float(figures.lost_value):,.2f}, recovered {float(figures.recovered_value):+,.2f}"
    )
    if figures.agreements:
        agreements = Table(
            title="Agreements before and after (violation, shifts)", title_justify="left"
        )
        for column in ("policy", "planned", "revised"):
            agreements.add_column(column, justify="left" if column == "policy" else "right")
        for agreement in figures.agreements:
            agreements.add_row(
                agreement.policy, f"{float(agreement.before):.2f}", f"{float(agreement.after):.2f}"
            )
        console.print(agreements)


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
    print_revision_summary(instance, solution)
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
        console.print(_returns_table(instance, report.returns))
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
