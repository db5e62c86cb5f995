"""``clearance curate CONFIG.toml``: a raw corpus in, a training set with its manifest, NOTICE and
data card out; ``clearance curate recheck RUN_DIR``: kept documents that are opted out now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from typer.core import TyperGroup

from clearance.cli.common import Fail, err, write_output


class _ConfigFirst(TyperGroup):
    """``clearance curate CONFIG.toml`` means ``clearance curate run CONFIG.toml``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_ConfigFirst, no_args_is_help=True, add_completion=False,
                  help="Curate a corpus into a training set with a provenance manifest (CONFIG.toml, or recheck).")


def _config(path: Path) -> Any:
    from clearance.curate.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as exc:
        raise Fail(str(exc)) from None


@app.command("run")
def run(
    config_path: Annotated[Path, typer.Argument(metavar="CONFIG.toml", help="The run's config (docs/curate.md).")],
    executor: Annotated[str | None, typer.Option("--executor", help="local (default) or ray.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Worker processes (default: config).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Run directory (default: config).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Start over, deleting an earlier run in the directory.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
) -> None:
    """Read, detect licenses, honor opt-outs, apply the license policy, redact PII, deduplicate, write.

    Resumable: rerunning the same command skips the shards already finished."""
    from clearance.curate.config import ConfigError
    from clearance.curate.executors import TasksFailed
    from clearance.curate.pipeline.read import EmptyCorpusError
    from clearance.curate.pipeline.run import run_curate

    config = _config(config_path)
    changes: dict[str, Any] = {}
    if executor is not None:
        if executor not in ("local", "ray"):
            raise Fail(f"--executor must be 'local' or 'ray', not {executor!r}")
        changes["executor"] = executor
    if workers is not None:
        changes["workers"] = workers
    if output is not None:
        changes["output"] = output
    config = config.replace(**changes)
    try:
        summary = run_curate(config, progress=True, force=force)
    except (ConfigError, EmptyCorpusError) as exc:
        raise Fail(str(exc)) from None
    except TasksFailed as exc:
        for failed in exc.failures:
            err.print(f"[red]failed:[/red] {failed.key[0]} shard {failed.key[1]}: {escape(str(failed.error))}", soft_wrap=True)
        err.print("Finished shards are kept; run the same command again to resume.")
        raise typer.Exit(1) from None
    except RuntimeError as exc:
        if "pip install" in str(exc):
            raise Fail(str(exc)) from None
        raise
    if as_json:
        typer.echo(orjson.dumps(summary.to_json(), option=orjson.OPT_INDENT_2).decode())
        return
    drops = ", ".join(f"{code} {n}" for code, n in sorted(summary.drop_codes.items(), key=lambda kv: -kv[1])
                      if code != "review")
    err.print(f"{summary.documents} documents: kept {summary.kept}, dropped "
              f"{summary.decisions.get('drop', 0)}" + (f" ({drops})" if drops else "")
              + (f", review {summary.decisions['review']}" if summary.decisions.get("review") else "")
              + f"; {summary.shards} shards ({summary.shards_resumed} resumed) in {summary.seconds:.1f} s"
              f" ({summary.documents_per_second:.0f} docs/s)", soft_wrap=True)
    parts = [f for f in summary.files if f.startswith("data/")]
    others = [f for f in summary.files if not f.startswith("data/")]
    err.print(f"wrote {summary.output}: {', '.join(others)} and {len(parts)} data part(s) in data/", soft_wrap=True)


@app.command("recheck")
def recheck_command(
    run_dir: Annotated[Path, typer.Argument(metavar="RUN_DIR", help="The output directory of an earlier run.")],
    config_path: Annotated[Path | None, typer.Option("--config", help="Take opt-out settings from this config "
                                                        "(default: those the run recorded).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the JSON report here.")] = None,
) -> None:
    """List documents an earlier run kept that are opted out now. Exit status 1 if there are any."""
    from clearance.curate.recheck import recheck

    config = _config(config_path) if config_path is not None else None
    report = recheck(run_dir, config)
    write_output(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n", out)
    err.print(f"{report.checked} kept documents checked; {len(report.opted_out)} opted out now")
    if report.opted_out:
        raise typer.Exit(1)
