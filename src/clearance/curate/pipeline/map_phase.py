"""Map phase, one shard at a time (in a worker): license, opt-out, policy and PII for each
document, then dedup signatures of the documents the policy keeps.

A shard is done when its marker exists; the marker is written after the mapped Parquet file and
the signatures, so a crash in between leaves the shard to be redone, never half-counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from clearance.curate.config import CurateConfig
from clearance.curate.optout import content_hash
from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.parquet_io import read_rows, write_rows
from clearance.curate.pipeline.read import is_too_large
from clearance.curate.pipeline.schemas import MAPPED
from clearance.curate.pipeline.step import Step
from clearance.documents import Document
from clearance.io.atomic import write_json_atomic

_DOC_FIELDS = ("source", "license", "title", "author", "url", "copyright")


def build_steps(config: CurateConfig) -> list[Step]:
    """The per-document steps the config asks for, in order."""
    from clearance.curate.pipeline.steps.licensing import LicenseStep
    from clearance.curate.pipeline.steps.pii import PiiStep
    from clearance.curate.pipeline.steps.policy import PolicyStep

    steps: list[Step] = [LicenseStep(search_text=config.search_text)]
    if config.optout.enabled:
        from clearance.curate.pipeline.steps.optout import OptOutStep

        steps.append(OptOutStep(config.optout))
    steps.append(PolicyStep(config.policy))
    if config.pii.enabled:
        steps.append(PiiStep(config.pii))
    return steps


def _items(rows: Iterator[dict[str, Any]]) -> Iterator[Item]:
    for row in rows:
        error = row["error"]
        if row["text"] is None:
            code = "too-large" if error and is_too_large(error) else "bad-input"
            # a document skipped for its size keeps what is known of it (source, URL, title) for the manifest
            doc = Document(row["id"], "", **{k: row[k] for k in _DOC_FIELDS}) if row["source"] else None
            item = Item(row["id"], doc, row["bytes"] or 0, row["location"] or "")
            item.drop(code, f"{row['location']}: {error}")
            yield item
            continue
        meta = orjson.loads(row["meta"]) if row["meta"] else {}
        doc = Document(row["id"], row["text"], meta=meta, **{k: row[k] for k in _DOC_FIELDS})
        yield Item(row["id"], doc, row["bytes"], row["location"] or "", content_hash=content_hash(row["text"]))


def attribution(item: Item) -> int:
    """How well a copy is attributed, for dedup's keep rule: author, title, URL, license evidence."""
    doc = item.doc
    assert doc is not None
    evidence = bool(item.license and item.license.evidence)
    return int(bool(doc.author)) + int(bool(doc.title)) + int(bool(doc.url)) + int(evidence)


def _json(value: Any) -> str | None:
    return orjson.dumps(value, default=str).decode() if value else None


def mapped_row(item: Item) -> dict[str, Any]:
    doc = item.doc
    info = item.license
    return {
        "id": item.id,
        "source": doc.source if doc else item.location or None,
        "url": doc.url if doc else None,
        "title": doc.title if doc else None,
        "author": doc.author if doc else None,
        "bytes": item.bytes,
        "decision": item.decision,
        "drop_code": item.drop_code,
        "reasons": item.reasons,
        "license": info.spdx if info else None,
        "license_raw": info.raw if info else (doc.license if doc else None),
        "category": item.category,
        "license_problem": info.problem if info else None,
        "evidence": orjson.dumps([e.to_json() for e in info.evidence]).decode() if info else None,
        "confidence": info.confidence if info else None,
        "tier": item.tier,
        "opted_out": item.opted_out,
        "optout_signals": orjson.dumps(item.optout_signals).decode() if item.optout_signals else None,
        "pii_counts": orjson.dumps(item.pii_counts).decode() if item.pii_counts else None,
        "content_hash": item.content_hash,
        "copyright": item.copyright,
        "http_headers": _json(doc.meta.get("http_headers")) if doc else None,
        "html_meta": _json(doc.meta.get("html_meta")) if doc else None,
        "text": item.out_text if item.active else None,
        "meta": orjson.dumps(doc.meta, default=str).decode() if item.active and doc and doc.meta else None,
    }


def map_shard(config: CurateConfig, root: str, index: int) -> dict[str, Any]:
    """Run the per-document steps over input shard ``index``; returns (and records) its counters."""
    layout = RunLayout(Path(root))
    marker = layout.mapped_done(index)
    if marker.exists():
        return {**orjson.loads(marker.read_bytes()), "skipped": True}
    steps = build_steps(config)
    stream: Iterator[Item] = _items(read_rows(layout.input_shard(index), batch_rows=256))
    for step in steps:
        stream = step.run(stream)
    rows: list[dict[str, Any]] = []
    kept: list[tuple[str, str, str | None, int]] = []
    decisions: Counter[str] = Counter()
    for item in stream:
        rows.append(mapped_row(item))
        decisions[item.decision] += 1
        if item.active and item.doc is not None:
            kept.append((item.id, item.doc.text, item.category, attribution(item)))
        item.doc = None  # the row holds what is needed; free the original text early
    write_rows(layout.mapped_shard(index), rows, MAPPED)
    del rows
    signed = 0
    if config.dedup.enabled:
        from clearance.curate.dedup import sign_shard

        sign_shard(kept, layout.signatures(index), config.dedup.dedup_config(), force=True)
        signed = len(kept)
    stats = {"shard": index, "rows": sum(decisions.values()), "decisions": dict(decisions), "signed": signed,
             "steps": {step.name: dict(step.stats) for step in steps}}
    write_json_atomic(marker, stats)
    return {**stats, "skipped": False}
