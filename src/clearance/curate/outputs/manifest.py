"""manifest.parquet: the shards' manifest parts joined into one file, a row group per part."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

from clearance.curate.pipeline.schemas import MANIFEST
from clearance.io.atomic import replacing


def merge_manifest(parts: Sequence[Path], out: Path) -> int:
    """Concatenate ``parts`` (same schema) into ``out`` without holding more than one part in memory."""
    rows = 0
    with replacing(out, durable=True) as tmp, pq.ParquetWriter(tmp, MANIFEST, compression="zstd") as writer:
        for part in parts:
            table = pq.read_table(part, schema=MANIFEST)
            writer.write_table(table)
            rows += table.num_rows
    return rows
