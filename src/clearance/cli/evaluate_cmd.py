"""``clearance evaluate``: measurements over many model outputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from clearance.cli.common import Fail, output_records, write_output
from clearance.guard.compliance import evaluate_outputs, render_markdown
from clearance.index import Index

app = typer.Typer(help="Evaluate model outputs in bulk.", no_args_is_help=True)


def _outputs(path: Path, license_field: str) -> Iterator[tuple[Any, str, str | None]]:
    for number, record, problem, _ in output_records(path):
        if problem is not None:
            raise Fail(f"{path}:{number}: {problem}")
        stated = record.get(license_field)
        if stated is not None and not isinstance(stated, str):
            raise Fail(f"{path}:{number}: field {license_field!r} must be a string or null")
        yield record.get("id", number), record["text"], stated


@app.command("license-compliance")
def license_compliance(
    index: Annotated[Path, typer.Option("--index", "-i", help="Index of licensed code.")],
    outputs: Annotated[Path, typer.Option("--outputs", help='JSONL: {"id", "text", "license": stated or null}.')],
    license_field: Annotated[str, typer.Option("--license-field", help="Field with the license the output states.")] = "license",
    min_chars: Annotated[int, typer.Option("--min-chars", help="Strikingly similar: at least this many characters.")] = 150,
    min_tokens: Annotated[int, typer.Option("--min-tokens", help="... and at least this many tokens.")] = 65,
    format: Annotated[str, typer.Option("--format", "-f", help="markdown or json.")] = "markdown",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")] = None,
) -> None:
    """Rate of outputs strikingly similar to indexed code, and whether each states the source's license."""
    if format not in ("markdown", "json"):
        raise Fail("--format must be markdown or json")
    with Index(index) as opened:
        report = evaluate_outputs(opened, _outputs(outputs, license_field), min_chars, min_tokens)
    if format == "json":
        payload = {**report.summary(), "outputs_similar": [v.to_json() for v in report.similar]}
        write_output(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n", out)
    else:
        write_output(render_markdown(report), out)
