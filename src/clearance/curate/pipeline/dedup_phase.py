"""Dedup phase: one global decision over every shard's signatures (in the driver), written back as
one small file per shard of the documents to drop and the copy each duplicates.

Only documents the policy kept were signed, so the keep rule chooses among copies the dataset may
contain, preferring the most permissive, best-attributed one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from clearance.curate.config import CurateConfig
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.parquet_io import write_rows
from clearance.curate.pipeline.schemas import DEDUP
from clearance.io import FieldMap, read_corpus
from clearance.io.atomic import write_json_atomic


def open_reference(config: CurateConfig, layout: RunLayout) -> Any:
    """The reference set to deduplicate against: an index as given, or one built once from a corpus."""
    from clearance.curate.dedup import ReferenceIndex, build_reference

    path = config.dedup.reference
    if path is None:
        return None
    dedup_config = config.dedup.dedup_config()
    if (Path(path) / "manifest.json").exists():
        return ReferenceIndex(path, dedup_config)
    built = layout.work / "reference"
    if (built / "manifest.json").exists():
        return ReferenceIndex(built, dedup_config)
    records = ((doc.id, doc.text) for doc in read_corpus([path], FieldMap()))
    return build_reference(records, built, dedup_config, force=True)


def dedup_phase(config: CurateConfig, layout: RunLayout, signed: list[int]) -> dict[str, Any]:
    """Decide over the shards' signatures; ``signed[i]`` is how many documents shard i signed."""
    if layout.dedup_done.exists():
        return orjson.loads(layout.dedup_done.read_bytes())
    from clearance.curate.dedup import DedupStats, decide

    stats = DedupStats()
    decisions = decide([layout.signatures(i) for i in range(len(signed))], config.dedup.dedup_config(),
                       reference=open_reference(config, layout), within_corpus=config.dedup.within_corpus,
                       stats=stats)
    for index, count in enumerate(signed):
        dropped = []
        for _ in range(count):
            decision = next(decisions)
            if not decision.keep:
                dropped.append({"id": decision.id, "duplicate_of": decision.duplicate_of, "kind": decision.kind,
                                "similarity": decision.similarity, "against": decision.against,
                                "reason": decision.reason})
        write_rows(layout.dedup_shard(index), dropped, DEDUP)
    if next(decisions, None) is not None:
        raise RuntimeError("dedup returned more decisions than documents signed")
    result = stats.to_json()
    write_json_atomic(layout.dedup_done, result)
    return result
