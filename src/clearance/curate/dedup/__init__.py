"""Deduplication: exact (normalized hash) and near (MinHash LSH), within a corpus and against a
reference set, keeping the most permissive, best-attributed copy.

The pipeline calls::

    decisions = deduplicate(records, DedupConfig(threshold=0.8), workers=2, reference=None)

with ``records`` an iterable of ``(id, text, license, attribution)`` and gets one
``DedupDecision`` per record, in input order. For shard-parallel executors: ``sign_shard`` each
input shard (resumable), then ``decide`` over the finished shards. ``build_reference`` and
``ReferenceIndex`` make and open the index of another dataset. Method and measurements:
docs/bench/dedup.md.
"""

from clearance.curate.dedup.config import DedupConfig, choose_bands
from clearance.curate.dedup.decide import decide
from clearance.curate.dedup.decisions import DedupDecision, DedupStats
from clearance.curate.dedup.dedup import Deduplicator, deduplicate
from clearance.curate.dedup.records import DedupRecord, RecordError, attribution_score, license_rank
from clearance.curate.dedup.reference import ReferenceIndex, build_reference
from clearance.curate.dedup.signer import sign_shard
from clearance.curate.dedup.store import ShardFormatError

__all__ = [
    "DedupConfig", "DedupDecision", "DedupRecord", "DedupStats", "Deduplicator", "RecordError",
    "ReferenceIndex", "ShardFormatError", "attribution_score", "build_reference", "choose_bands", "decide",
    "deduplicate", "license_rank", "sign_shard",
]
