"""Parquet between stages: one table per shard, written atomically, read back in row batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from clearance.io.atomic import replacing


def write_rows(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    """``rows`` as one Parquet file at ``path``, renamed into place only once complete and on disk
    (a shard's completion marker vouches for it, so it must survive a power cut as the marker does)."""
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, durable=True) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def read_rows(path: Path, columns: list[str] | None = None, batch_rows: int = 1024) -> Iterator[dict[str, Any]]:
    """Rows as dicts, a batch at a time, so a shard is never expanded into Python objects whole."""
    with pq.ParquetFile(path) as handle:
        for batch in handle.iter_batches(batch_size=batch_rows, columns=columns):
            yield from batch.to_pylist()


def row_count(path: Path) -> int:
    with pq.ParquetFile(path) as handle:
        return handle.metadata.num_rows
