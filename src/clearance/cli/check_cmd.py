"""``clearance check``: find the spans of model outputs that reproduce indexed works."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape

from clearance.cli.common import Fail, byte_progress, err, open_sink, output_records, write_output
from clearance.guard import CheckResult, check
from clearance.guard.render import FORMATS, render
from clearance.index import Index, SearchOptions
from clearance.policy import Policy, PolicyError, load_policy

EXIT_BLOCK = 1


def _read_input(path: Path | None) -> str:
    if path is None or str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Fail(f"{path}: cannot read ({exc.strerror or exc})") from exc
        name = str(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Fail(f"{name}: undecodable bytes at byte offset {exc.start} (expected UTF-8)") from exc


def _batch(path: Path, on_error: str, bad: list[str]) -> Iterator[tuple[Any, str | None, str | None, int]]:
    """(id, text, error, bytes read so far) per non-blank line of a JSONL batch file."""
    for number, record, problem, offset in output_records(path):
        record_id = record.get("id", number) if record is not None else number
        if problem is not None:
            message = f"{path}:{number}: {problem}"
            if on_error == "abort":
                raise Fail(message)
            err.print(f"[yellow]bad line[/yellow] {escape(message)}", soft_wrap=True)
            bad.append(message)
            yield record_id, None, message, offset
            continue
        yield record_id, record["text"], None, offset


def command(
    input: Annotated[Path | None, typer.Argument(help="The output to check: a file, or - for stdin.")] = None,
    index: Annotated[Path, typer.Option("--index", "-i", help="Index directory.")] = ...,
    batch: Annotated[Path | None, typer.Option("--batch", help='JSONL with lines {"id": ..., "text": ...}; one result per line.')] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")] = None,
    min_chars: Annotated[int, typer.Option("--min-chars", help="Shortest span reported, in characters.")] = 100,
    min_tokens: Annotated[int, typer.Option("--min-tokens", help="Fewest matching words in a reported span.")] = 10,
    fuzzy: Annotated[bool, typer.Option("--fuzzy/--no-fuzzy", help="Merge copies split by small edits.")] = True,
    code: Annotated[bool, typer.Option("--code/--no-code", help="Also catch code with renamed identifiers.")] = True,
    on_error: Annotated[str, typer.Option("--on-error", help="With --batch: skip or abort on a bad line.")] = "skip",
    policy: Annotated[str, typer.Option("--policy", "-p", help="A shipped profile (default, code, prose, news, lyrics) or a policy TOML file.")] = "default",
    redact: Annotated[bool, typer.Option("--redact", help="Print the output with redacted and blocked spans replaced by a marker naming the source.")] = False,
    page: Annotated[Path | None, typer.Option("--page", help="Also write the attribution page here (.html, .md or .json).")] = None,
) -> None:
    """Check model output(s) against an index and decide by policy.

    Exit 0 allow or attribute, 1 block (or redact without --redact), 2 bad input. With --redact the
    redacted text is printed and the exit status follows the decision on it."""
    if format not in FORMATS:
        raise Fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    if min_chars < 1 or min_tokens < 1:
        raise Fail("--min-chars and --min-tokens must be positive")
    if batch is not None and input is not None:
        raise Fail("give either an input file or --batch, not both")
    page_format = _page_format(page)
    try:
        chosen = load_policy(policy)
    except PolicyError as exc:
        raise Fail(str(exc)) from None
    options = SearchOptions(min_chars=min_chars, min_tokens=min_tokens, fuzzy=fuzzy, code=code)
    with Index(index) as opened:
        if batch is None:
            text = _read_input(input)
            results, texts = [check(opened, text, options, policy=chosen, do_redact=redact)], [text]
            bad: list[str] = []
            blocked = _blocks(results[0], redact)
        else:
            if redact and format != "jsonl":
                raise Fail("--redact with --batch writes JSON lines: use --format jsonl")
            results, texts, bad, blocked = _check_batch(opened, batch, options, on_error, format, out, chosen,
                                                        redact, keep=page is not None)
    if results is not None and page is not None:
        write_output(render(results, page_format, texts), page)
    if results is not None and not (batch is not None and format == "jsonl"):
        if redact and batch is None:
            write_output(results[0].redacted or "", out)
        else:
            write_output(render(results, format, texts), out)
    if bad:
        raise typer.Exit(2)
    if blocked:
        raise typer.Exit(EXIT_BLOCK)


def _blocks(result: CheckResult, redacted: bool) -> bool:
    """Block exits 1; so does redact unless the redacted text is what was printed."""
    decision = result.after_redaction if redacted and result.after_redaction else result.decision
    return decision == "block" or (decision == "redact" and not redacted)


_PAGE_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


def _page_format(page: Path | None) -> str:
    if page is None:
        return "html"
    fmt = _PAGE_FORMATS.get(page.suffix.lower())
    if fmt is None:
        raise Fail(f"--page {page}: name it .html, .md or .json to choose the page's format")
    return fmt


def _check_batch(
    opened: Index, batch: Path, options: SearchOptions, on_error: str, format: str, out: Path | None,
    policy: Policy, redact: bool, keep: bool,
) -> tuple[list[CheckResult] | None, list[str], list[str], bool]:
    """JSON lines go out one per input line as they are checked (a bad line gives an error line,
    so output and input lines pair up); other formats are rendered once all are checked."""
    bad: list[str] = []
    blocked = False
    results: list[CheckResult] = []
    texts: list[str] = []
    streaming = format == "jsonl"
    size = batch.stat().st_size if batch.exists() else 0
    with open_sink(out if streaming else None) as sink, byte_progress(size, "checking", "outputs") as advance:
        for done, (record_id, text, problem, offset) in enumerate(_batch(batch, on_error, bad), start=1):
            advance(offset, done)
            if problem is not None:
                if streaming:
                    sink.write(orjson.dumps({"id": record_id, "error": problem}).decode() + "\n")
                continue
            result = check(opened, text, options, id=record_id, policy=policy, do_redact=redact)
            blocked = blocked or _blocks(result, redact)
            if streaming:
                sink.write(orjson.dumps(result.to_json()).decode() + "\n")
            if keep or not streaming:
                results.append(result)
                texts.append(text)
    return (results if keep or not streaming else None), texts, bad, blocked
