"""Read phase: every input, streamed once, cut into shards of ``shard_size`` rows on disk.

Bad input (an unreadable file, undecodable bytes, a broken record) becomes a row with its
location and reason; a document over ``max_document_bytes`` becomes a row without its text (the
readers skip a file, page, JSONL line or Parquet text over it without holding it whole). A
shard file already on disk from an interrupted run is kept, not rewritten (reading is
deterministic, so shard N holds the same rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from clearance.curate.config import CurateConfig, InputSpec
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.parquet_io import write_rows
from clearance.curate.pipeline.schemas import RAW
from clearance.documents import Document
from clearance.io import InputError
from clearance.io.atomic import write_json_atomic
from clearance.io.id_registry import IdRegistry


class EmptyCorpusError(ValueError):
    """The inputs hold no document to curate."""


@dataclass(slots=True)
class ReadStats:
    shards: int = 0
    rows: int = 0
    documents: int = 0
    bad: int = 0
    too_large: int = 0
    bytes: int = 0
    first_error: str | None = None


def _spec_items(spec: InputSpec, max_bytes: int) -> Iterator[Document | InputError]:
    """Documents and bad records of one input, in order (WEB's readers; oversize files unread)."""
    from clearance.curate.sources import SourceSpec, open_source

    return open_source(SourceSpec(spec.path, spec.format, spec.fields, spec.license,  # type: ignore[arg-type]
                                  max_bytes=max_bytes))


#: How readers word a skip for size ("... over the N-byte limit; skipped"), and how this module does.
_TOO_LARGE = re.compile(r"over the \d+-byte limit|^too large")
#: The size a reader's skip states ("line is 73400320 bytes, over the ..."), for the manifest's bytes.
_SKIPPED_SIZE = re.compile(r"(\d+) bytes, over the \d+-byte limit")


def is_too_large(reason: str) -> bool:
    return _TOO_LARGE.search(reason) is not None


def _row(item: Document | InputError, max_bytes: int, stats: ReadStats) -> dict[str, Any]:
    if isinstance(item, InputError):
        stats.bad += 1
        stats.first_error = stats.first_error or str(item)
        stats.too_large += is_too_large(item.reason)
        stated = _SKIPPED_SIZE.search(item.reason)
        return {"id": item.location, "error": item.reason, "location": item.location,
                "bytes": int(stated.group(1)) if stated else 0}
    chars = len(item.text)
    # UTF-8 takes at least a byte per character: a text longer than the limit in characters is not encoded
    size = chars if chars > max_bytes else len(item.text.encode("utf-8", "surrogatepass"))
    row = {"id": item.id, "source": item.source, "license": item.license, "title": item.title,
           "author": item.author, "url": item.url, "copyright": item.copyright,
           "meta": orjson.dumps(item.meta, default=str).decode() if item.meta else None,
           "location": item.source, "bytes": size}
    if size > max_bytes:
        stats.too_large += 1
        row["error"] = f"too large: {size} bytes > max_document_bytes {max_bytes}"
        return row
    stats.documents += 1
    stats.bytes += size
    row["text"] = item.text
    return row


def read_inputs(config: CurateConfig, layout: RunLayout, on_shard: Callable[[int], None],
                on_rows: Callable[[int], None] | None = None) -> ReadStats:
    """Write the input shards, calling ``on_shard(i)`` as each is complete on disk."""
    stats = ReadStats()
    batch: list[dict[str, Any]] = []
    seen = IdRegistry(folder=layout.work)  # exact, in bounded memory (spills to the run's work folder)

    def flush() -> None:
        shard = layout.input_shard(stats.shards)
        if not shard.exists():
            write_rows(shard, batch, RAW)
        on_shard(stats.shards)
        stats.shards += 1
        batch.clear()

    with seen:
        for spec in config.inputs:
            for item in _spec_items(spec, config.max_document_bytes):
                if isinstance(item, Document) and seen.first_seen(item.id) is not None:
                    item = InputError(item.source or str(spec.path), None, f"duplicate id {item.id!r} across inputs")
                if isinstance(item, InputError) and config.on_error == "abort":
                    raise item
                batch.append(_row(item, config.max_document_bytes, stats))
                stats.rows += 1
                if on_rows is not None:
                    on_rows(1)
                if len(batch) >= config.shard_size:
                    flush()
    if stats.documents == 0:
        names = ", ".join(str(s.path) for s in config.inputs)
        detail = f" ({stats.bad} bad record(s); first: {stats.first_error})" if stats.bad else ""
        raise EmptyCorpusError(f"no documents to curate in {names}{detail}")
    if batch:
        flush()
    write_json_atomic(layout.read_done, {"shards": stats.shards, "rows": stats.rows, "documents": stats.documents,
                                         "bad": stats.bad, "too_large": stats.too_large, "bytes": stats.bytes})
    return stats
