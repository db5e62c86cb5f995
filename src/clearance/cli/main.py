"""Entry point: ``clearance`` with its sub-commands, and the one place errors become exit codes."""

from __future__ import annotations

import signal
import sys

import typer
from rich.markup import escape

from clearance import __version__
from clearance.audit.model import ModelLoadError
from clearance.cli import audit_cmd, check_cmd, curate_cmd, demo_cmd, evaluate_cmd, index_cmd, policy_cmd, traps_cmd
from clearance.cli.common import Fail, err
from clearance.index import EmptyCorpusError, IndexBusyError, IndexFormatError
from clearance.io import InputError

app = typer.Typer(
    name="clearance",
    help="Keep generative AI within copyright and license terms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(index_cmd.app, name="index")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(traps_cmd.app, name="traps")
app.add_typer(policy_cmd.app, name="policy")
app.add_typer(evaluate_cmd.app, name="evaluate")
app.add_typer(curate_cmd.app, name="curate")
app.command("check")(check_cmd.command)
app.command("demo")(demo_cmd.command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clearance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Keep generative AI within copyright and license terms."""


#: Errors caused by the user's input or environment: one line on stderr, exit status 2.
USER_ERRORS = (Fail, InputError, IndexFormatError, IndexBusyError, EmptyCorpusError, FileExistsError,
               ModelLoadError)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler's stop) unwinds like Ctrl-C, so temporary files are removed."""
    raise KeyboardInterrupt


def main() -> None:
    """Run the app; usage errors exit 2 (click's convention), and so do the input errors above."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except USER_ERRORS as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
