"""Pieces every command shares: the stderr console, input options, progress, atomic output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from clearance.io import FieldMap, InputError, read_corpus
from clearance.io.atomic import replacing
from clearance.io.readers import CorpusStream
from clearance.licenses import validate_license

err = Console(stderr=True, highlight=False)


class Fail(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def field_map(id_field: str | None, text_field: str | None, license_field: str | None,
              source_field: str | None, title_field: str | None, author_field: str | None,
              url_field: str | None, copyright_field: str | None = None) -> FieldMap:
    return FieldMap.from_options(id=id_field, text=text_field, license=license_field, source=source_field,
                                 title=title_field, author=author_field, url=url_field, copyright=copyright_field)


def open_corpus(inputs: list[Path], fields: FieldMap, on_error: str, default_license: str | None) -> CorpusStream:
    if on_error not in ("skip", "abort"):
        raise Fail(f"--on-error must be 'skip' or 'abort', not {on_error!r}")
    if default_license is not None:
        try:
            default_license = validate_license(default_license)
        except ValueError as exc:
            raise Fail(f"--license: {exc}") from None

    def report(error: InputError) -> None:
        if on_error == "skip":
            err.print(f"[yellow]skipped[/yellow] {escape(str(error))}", markup=True, soft_wrap=True)

    return read_corpus(inputs, fields, on_error=on_error, on_bad_record=report, default_license=default_license)


@contextmanager
def byte_progress(total: int, label: str, unit: str = "docs") -> Iterator[Callable[[int, int], None]]:
    """A progress bar over bytes on stderr (shown on a terminal, or with CLEARANCE_PROGRESS=1);
    yields ``advance(bytes_done, items_done)``."""
    quiet = not err.is_terminal and os.environ.get("CLEARANCE_PROGRESS") != "1"
    progress = Progress(TextColumn(f"[bold]{label}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                        TimeRemainingColumn(), TextColumn(f"{{task.fields[items]}} {unit}"), console=err,
                        disable=quiet, transient=False)
    with progress:
        task = progress.add_task(label, total=total or None, items=0)
        yield lambda done, items: progress.update(task, completed=done, items=items)


@contextmanager
def reading_progress(stream: CorpusStream, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar over the bytes of a corpus being read; yields the callback to advance it."""
    with byte_progress(stream.bytes_total, label) as update:

        def advance(_: int = 0) -> None:
            update(stream.bytes_read, stream.documents)

        yield advance
        advance()


@contextmanager
def open_sink(out: Path | None) -> Iterator[TextIO]:
    """A text stream to stdout, or to ``out`` via a temporary file renamed into place on success."""
    if out is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with replacing(out) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        yield handle


def output_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None, int]]:
    """(line number, record, problem, bytes read so far) per non-blank line of a JSONL file of model
    outputs, each an object with a string ``text``; ``problem`` says what is wrong with a bad line."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise Fail(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield number, None, f"invalid JSON ({exc})", handle.tell()
                continue
            if not isinstance(record, dict):
                yield number, None, "not a JSON object", handle.tell()
            elif not isinstance(record.get("text"), str):
                problem = "missing text field" if "text" not in record else "text is not a string"
                yield number, record, problem, handle.tell()
            else:
                yield number, record, None, handle.tell()


def write_output(text: str, out: Path | None) -> None:
    """To stdout, or to ``out`` through a temporary file renamed into place."""
    with open_sink(out) as sink:
        sink.write(text)


OnError = Annotated[str, typer.Option("--on-error", help="skip: report bad records and go on; abort: stop at the first.")]
DefaultLicense = Annotated[str | None, typer.Option("--license", help="SPDX expression for records that state none.")]
IdField = Annotated[str | None, typer.Option("--id-field", help="Field holding the document id (default: id).")]
TextField = Annotated[str | None, typer.Option("--text-field", help="Field holding the text (default: text).")]
LicenseField = Annotated[str | None, typer.Option("--license-field", help="Field holding the SPDX license (default: license).")]
SourceField = Annotated[str | None, typer.Option("--source-field", help="Field holding the source (default: source).")]
TitleField = Annotated[str | None, typer.Option("--title-field", help="Field holding the title (default: title).")]
AuthorField = Annotated[str | None, typer.Option("--author-field", help="Field holding the author (default: author).")]
UrlField = Annotated[str | None, typer.Option("--url-field", help="Field holding the URL (default: url).")]
CopyrightField = Annotated[str | None, typer.Option("--copyright-field", help="Field holding the copyright line (default: copyright).")]
