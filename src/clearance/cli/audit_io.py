"""What the extraction, dataset-inference, generate and trap commands share: reading documents,
loading models with CLI options, and progress bars that count items."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from clearance.cli.common import Fail, err
from clearance.io import FieldMap, read_corpus


def read_documents(path: Path, what: str, text_field: str = "text", id_field: str = "id") -> list[tuple[str, str]]:
    """(id, text) of every document in a JSONL/Parquet file, a text file or a directory; a bad record
    stops the command with its file and line (exit 2): an audit must not silently drop documents."""
    fields = FieldMap.from_options(text=text_field, id=id_field)
    docs = [(doc.id, doc.text) for doc in read_corpus([path], fields, on_error="abort")]
    if not docs:
        raise Fail(f"{path}: no {what} (expected JSONL or Parquet with a '{text_field}' field, a text file, "
                   "or a directory of them)")
    return docs


def load_models(model: Path, device: str, threads: int | None, *others: Path | None) -> list:
    """The audited model and any further ones (reference), after checking device and thread count."""
    from clearance.audit.model import check_device, load_model, require_torch

    check_device(device)
    if threads is not None:
        if threads < 1:
            raise Fail("--threads must be at least 1")
        require_torch().set_num_threads(threads)
    return [load_model(model, device)] + [load_model(p, device) if p is not None else None for p in others]


@contextmanager
def counting(label: str, total: int, unit: str = "docs") -> Iterator[Callable[[int], None]]:
    """A progress bar counting items (shown on a terminal, or with CLEARANCE_PROGRESS=1); yields ``advance(n)``."""
    quiet = not err.is_terminal and os.environ.get("CLEARANCE_PROGRESS") != "1"
    progress = Progress(TextColumn(f"[bold]{label:<14}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn(unit), TimeRemainingColumn(), console=err, disable=quiet)
    with progress:
        task = progress.add_task(label, total=total or None)
        yield lambda n: progress.advance(task, n)
