"""Parquet reader: streams record batches so a large file never sits in memory whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

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
    path: Path, display: str, mapper: RecordMapper, pos: Position, batch_rows: int = _BATCH_ROWS
) -> Iterator[Document | InputError]:
    """Yield a Document per row and an InputError per bad row (or one for an unusable file)."""
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
        yield from _rows(pfile, path, display, mapper, pos, batch_rows)


def _rows(
    pfile: pq.ParquetFile, path: Path, display: str, mapper: RecordMapper, pos: Position, batch_rows: int
) -> Iterator[Document | InputError]:
    import pyarrow as pa

    size = path.stat().st_size
    total_rows = max(pfile.metadata.num_rows, 1)
    columns = _wanted_columns(pfile.schema_arrow, mapper)
    row = 0
    failure: str | None = None
    try:
        for batch in pfile.iter_batches(batch_size=batch_rows, columns=columns):
            for record in batch.to_pylist():
                row += 1
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
