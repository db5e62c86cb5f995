"""`clearance audit ...`: the command group. Each command lives in its own module and is registered here."""

from __future__ import annotations

import typer

from clearance.cli import audit_di_cmd, audit_extract_cmd, audit_generate_cmd, audit_mia_cmd

app = typer.Typer(
    help="Did this model memorize, or train on, these works? (needs the audit extra)",
    no_args_is_help=True,
)
app.command("mia")(audit_mia_cmd.command)
app.command("extract")(audit_extract_cmd.command)
app.command("generate")(audit_generate_cmd.command)
app.command("dataset-inference")(audit_di_cmd.command)
