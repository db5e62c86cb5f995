"""Parquet reader: streams record batches so a large file never sits in memory whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clearance.documents import Document
from clearance.io.errors import InputError, Position
from clearance.io.fields import RecordError, RecordMapper

if TYPE_CHECKING:  # pyarrow costs 0.2 s to import: only runs that read Parquet pay for it
    import pyarrow as pa
    import pyarrow.parquet as pq

_BATCH_ROWS = 1024


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(".parquet")


def _wanted_columns(schema: pa.Schema, mapper: RecordMapper) -> list[str]:
    """Mapped columns plus scalar extras; nested extras would only be decoded to be dropped."""
    import pyarrow as pa

    return [f.name for f in schema if f.name in mapper.mapped or not pa.types.is_nested(f.type)]


def read_parquet(
    path: Path, display: str, mapper: RecordMapper, pos: Position, batch_rows: int = _BATCH_ROWS,
    max_text_bytes: int | None = None,
) -> Iterator[Document | InputError]:
    """Yield a Document per row and an InputError per bad row (or one for an unusable file).

    With ``max_text_bytes``, a row whose text is longer is skipped, its size read from the column's
    offsets before any Python string is made. Arrow has decoded the value by then: Parquet keeps
    no per-value size outside the page that holds it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pos.unit = "row"
    try:
        pfile = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        yield InputError(display, None, f"cannot read Parquet file: {exc}")
        return
    with pfile:
        names = pfile.schema_arrow.names
        if mapper.fields.text not in names:
            columns = ", ".join(names) or "none"
            yield InputError(display, None, f"no text column {mapper.fields.text!r} (columns: {columns})")
            return
        yield from _rows(pfile, path, display, mapper, pos, batch_rows, max_text_bytes)


def records_within(batch: pa.RecordBatch, text: str, limit: int) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The batch's rows as dicts, and {row in batch: size} of the texts over ``limit`` bytes; those
    rows' texts are left out, never turned into Python strings nor copied."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = batch.column(text)
    kind = column.type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
            or pa.types.is_large_binary(kind)):
        return batch.to_pylist(), {}
    sizes = pc.binary_length(column)  # from the offsets: no value is read
    over = pc.fill_null(pc.greater(sizes, limit), False)
    if not pc.any(over).as_py():
        return batch.to_pylist(), {}
    too_long = {i: sizes[i].as_py() for i, flag in enumerate(over.to_pylist()) if flag}
    records = batch.drop_columns([text]).to_pylist()
    start = 0
    for end in [*too_long, batch.num_rows]:  # the runs between long texts, as zero-copy slices
        for i, value in enumerate(column.slice(start, end - start).to_pylist(), start):
            records[i][text] = value
        start = end + 1
    return records, too_long


def _rows(
    pfile: pq.ParquetFile, path: Path, display: str, mapper: RecordMapper, pos: Position, batch_rows: int,
    max_text_bytes: int | None = None,
) -> Iterator[Document | InputError]:
    import pyarrow as pa

    size = path.stat().st_size
    total_rows = max(pfile.metadata.num_rows, 1)
    columns = _wanted_columns(pfile.schema_arrow, mapper)
    row = 0
    failure: str | None = None
    too_long: dict[int, int] = {}
    try:
        for batch in pfile.iter_batches(batch_size=batch_rows, columns=columns):
            if max_text_bytes is None:
                records = batch.to_pylist()
            else:
                records, too_long = records_within(batch, mapper.fields.text, max_text_bytes)
            for offset, record in enumerate(records):
                row += 1
                if offset in too_long:
                    reason = f"text is {too_long[offset]} bytes, over the {max_text_bytes}-byte limit; skipped"
                    yield InputError(display, row, reason, unit="row")
                    continue
                try:
                    doc = mapper.document(record, path.name, row, display)
                except RecordError as exc:
                    yield InputError(display, row, exc.reason, unit="row")
                    continue
                pos.line = row
                yield doc
            pos.consumed = size * min(row, total_rows) // total_rows
    except (OSError, pa.ArrowException) as exc:
        failure = f"corrupt Parquet data: {exc}"
    if failure is not None:
        yield InputError(display, row + 1, failure, unit="row")
