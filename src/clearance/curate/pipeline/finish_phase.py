"""Finish phase, one shard at a time: apply dedup's decisions, write the shard's kept data part and
its manifest part, then its marker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from clearance.curate.config import CurateConfig
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.parquet_io import read_rows, write_rows
from clearance.curate.pipeline.schemas import DATA, MANIFEST
from clearance.io.atomic import replacing, write_json_atomic

_DATA_COLUMNS = [field.name for field in DATA]


def _duplicates(layout: RunLayout, index: int, config: CurateConfig) -> dict[str, dict[str, Any]]:
    if not config.dedup.enabled:
        return {}
    return {row["id"]: row for row in read_rows(layout.dedup_shard(index))}


def _write_data(path: Path, rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "parquet":
        write_rows(path, rows, DATA)
        return
    with replacing(path, durable=True) as tmp, open(tmp, "wb") as handle:
        for row in rows:
            handle.write(orjson.dumps({**row, "meta": orjson.loads(row["meta"]) if row["meta"] else {}}))
            handle.write(b"\n")


def finish_shard(config: CurateConfig, root: str, index: int) -> dict[str, Any]:
    layout = RunLayout(Path(root))
    marker = layout.final_done(index)
    if marker.exists():
        return {**orjson.loads(marker.read_bytes()), "skipped": True}
    duplicates = _duplicates(layout, index, config)
    manifest: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    kept_bytes = 0
    for row in read_rows(layout.mapped_shard(index), batch_rows=256):
        dup = duplicates.get(row["id"]) if row["decision"] == "keep" else None
        if dup is not None:
            row.update(decision="drop", drop_code="duplicate", reasons=[*row["reasons"], dup["reason"]])
        if row["decision"] == "keep":
            data.append({name: row[name] for name in _DATA_COLUMNS})
            kept_bytes += row["bytes"]
        row.pop("text"), row.pop("meta")
        manifest.append({**row, "duplicate_of": dup["duplicate_of"] if dup else None,
                         "duplicate_kind": dup["kind"] if dup else None,
                         "similarity": dup["similarity"] if dup else None,
                         "duplicate_against": dup["against"] if dup else None, "shard": index})
    suffix = "parquet" if config.output_format == "parquet" else "jsonl"
    part = layout.data_part(index, suffix)
    if data:
        _write_data(part, data, config.output_format)
    else:
        part.unlink(missing_ok=True)
    write_rows(layout.manifest_part(index), manifest, MANIFEST)
    stats = {"shard": index, "rows": len(manifest), "kept": len(data), "kept_bytes": kept_bytes,
             "duplicates": len(duplicates)}
    write_json_atomic(marker, stats)
    return {**stats, "skipped": False}
