"""Entry point of the `beamtime` command."""

from __future__ import annotations

import typer

from cli import check, generate, replan, solve, validate, whatif

app = typer.Typer(
    name="beamtime",
    help="Allocate instrument time at shared research facilities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("validate")(validate.validate_command)
app.command("check")(check.check_command)
app.command("generate")(generate.generate_command)
app.command("solve")(solve.solve_command)
app.command("replan")(replan.replan_command)
app.command("whatif")(whatif.whatif_command)


@app.callback()
def main() -> None:
    """beamtime: allocate instrument time at shared research facilities."""


from cli import service  # noqa: E402 - registered after the core commands

app.command("serve")(service.serve_command)
app.add_typer(service.db_app, name="db")
app.add_typer(service.token_app, name="token")
app.command("load")(service.load_command)
app.command("worker")(service.worker_command)
app.command("demo")(service.demo_command)

from cli.remote import remote_app  # noqa: E402

app.add_typer(remote_app, name="remote")
