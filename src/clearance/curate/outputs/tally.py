"""Counts over a run's manifest, in one streaming pass: what the data card and the summary report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyarrow.parquet as pq

_COLUMNS = ["decision", "drop_code", "license", "category", "tier", "bytes", "pii_counts", "optout_signals",
            "opted_out"]


@dataclass(slots=True)
class Tally:
    documents: int = 0
    bytes: int = 0
    kept: int = 0
    kept_bytes: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    drop_codes: Counter[str] = field(default_factory=Counter)
    drop_bytes: Counter[str] = field(default_factory=Counter)
    licenses: Counter[str] = field(default_factory=Counter)  # documents per license (all)
    license_bytes: Counter[str] = field(default_factory=Counter)
    kept_license_bytes: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    kept_categories: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    pii: Counter[str] = field(default_factory=Counter)
    optout_kinds: Counter[str] = field(default_factory=Counter)
    opted_out: int = 0


def tally(parts: Sequence[Path]) -> Tally:
    t = Tally()
    for part in parts:
        with pq.ParquetFile(part) as handle:
            for batch in handle.iter_batches(columns=_COLUMNS, batch_size=8192):
                for row in batch.to_pylist():
                    _add(t, row)
    return t


def _add(t: Tally, row: dict) -> None:
    size = row["bytes"] or 0
    license_ = row["license"] or "(none)"
    category = row["category"] or "(not read)"
    t.documents += 1
    t.bytes += size
    t.decisions[row["decision"]] += 1
    t.licenses[license_] += 1
    t.license_bytes[license_] += size
    t.categories[category] += 1
    if row["decision"] == "keep":
        t.kept += 1
        t.kept_bytes += size
        t.kept_license_bytes[license_] += size
        t.kept_categories[category] += 1
        t.tiers[row["tier"] or "(none)"] += 1
    else:
        t.drop_codes[row["drop_code"] or "?"] += 1
        t.drop_bytes[row["drop_code"] or "?"] += size
    if row["pii_counts"]:
        t.pii.update(orjson.loads(row["pii_counts"]))
    if row["opted_out"]:
        t.opted_out += 1
    if row["optout_signals"]:
        for signal in orjson.loads(row["optout_signals"]):
            t.optout_kinds[signal.get("kind", "?")] += 1
