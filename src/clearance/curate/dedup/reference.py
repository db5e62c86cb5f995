"""A reference set ("another dataset") saved to disk, to mark the documents of a corpus it already holds.

Typical uses: drop from a new crawl what an earlier, curated release already has; decontaminate
a training set against evaluation data. The index is a directory::

    manifest.json          format, settings, counts (written last: the commit point)
    shard/                 the reference documents' signatures, ids and columns (see store.py)
    exact_keys.npy         [M, 2] uint64 exact hashes of documents with words, sorted
    exact_rows.npy         [M] their rows
    band_NNN_keys.npy      per band, the sorted band keys of documents with words
    band_NNN_rows.npy      and their rows

It is built under a temporary name beside its destination and renamed into place whole, so a
crash leaves the previous index (or none), never half of one. Lookups are binary searches in
memory-mapped arrays: opening an index reads only its manifest.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from clearance.curate.dedup.config import DEFAULT_CONFIG, DedupConfig
from clearance.curate.dedup.lsh import verify
from clearance.curate.dedup.signer import Progress, sign_shard
from clearance.curate.dedup.store import (
    Shard,
    ShardFormatError,
    ShardSet,
    check_signing,
    move_into_place,
    read_manifest,
)
from clearance.io.atomic import write_json_atomic

FORMAT = "clearance-dedup-reference"
FORMAT_VERSION = 1
#: Corpus rows looked up at a time (bounds the candidate pairs held at once).
MATCH_CHUNK = 1 << 18


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())


def build_reference(records: Iterable[object], path: str | Path, config: DedupConfig = DEFAULT_CONFIG, *,
                    workers: int = 1, force: bool = False, progress: Progress | None = None) -> ReferenceIndex:
    """Sign ``records`` (same forms as for dedup; license and attribution are ignored) into an index at ``path``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists (use force to replace it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    try:
        sign_shard(records, tmp / "shard", config, workers=workers, progress=progress)
        shard = Shard(tmp / "shard", config)
        has_words = np.flatnonzero(np.asarray(shard.column("tokens")) > 0)
        exact = np.asarray(shard.column("exact"))[has_words]
        order = np.lexsort((has_words, exact[:, 1], exact[:, 0]))
        _save(tmp / "exact_keys.npy", exact[order])
        _save(tmp / "exact_rows.npy", has_words[order])
        for b in range(config.bands):
            keys = np.asarray(shard.column(f"band_{b:03d}"))[has_words]
            order = np.lexsort((has_words, keys))
            _save(tmp / f"band_{b:03d}_keys.npy", keys[order])
            _save(tmp / f"band_{b:03d}_rows.npy", has_words[order])
        write_json_atomic(tmp / "manifest.json", {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "documents": shard.documents,
            "documents_with_words": len(has_words),
            "signing": config.signing(),
            "keep_shingles": config.keep_shingles,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        })
        del shard
        move_into_place(tmp, path, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReferenceIndex(path, config)


class ReferenceIndex:
    """An opened reference index; ``config`` must have the signing settings it was built with."""

    def __init__(self, path: str | Path, config: DedupConfig = DEFAULT_CONFIG) -> None:
        self.path = Path(path)
        self.manifest = read_manifest(self.path, FORMAT)
        if self.manifest.get("format_version") != FORMAT_VERSION:
            raise ShardFormatError(f"{self.path}: reference format version {self.manifest.get('format_version')}, "
                                   f"this clearance reads {FORMAT_VERSION}")
        check_signing(self.path, self.manifest.get("signing"), config)
        self.config = config
        self.shard = Shard(self.path / "shard", config)
        self.documents = self.shard.documents

    def check(self, config: DedupConfig) -> None:
        """Can a run with ``config`` use this index? (ShardFormatError saying why not.)"""
        check_signing(self.path, self.manifest.get("signing"), config)
        if config.keep_shingles and not self.manifest.get("keep_shingles"):
            raise ShardFormatError(f"{self.path}: exact verification needs shingles, which this reference lacks "
                                   "(build it with verify='exact')")

    def _array(self, name: str) -> np.ndarray:
        file = self.path / f"{name}.npy"
        try:
            return np.load(file, mmap_mode="r")
        except (OSError, ValueError) as exc:
            raise ShardFormatError(f"{file}: unreadable ({exc})") from None

    def ids(self, rows: np.ndarray) -> list[str]:
        return self.shard.ids(np.asarray(rows, dtype=np.int64))

    def match(self, corpus: ShardSet, rows: np.ndarray, config: DedupConfig | None = None,
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each of ``rows`` of ``corpus``: the reference row it duplicates (-1: none), whether
        exactly, and the similarity. Exact matches win; among near matches the most similar, then
        the earliest reference row. ``config`` (default: the one the index was opened with) gives
        the threshold and verification, which may differ from the build's."""
        config = config or self.config
        self.check(config)
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) > MATCH_CHUNK:
            parts = [self.match(corpus, rows[lo : lo + MATCH_CHUNK], config)
                     for lo in range(0, len(rows), MATCH_CHUNK)]
            return tuple(np.concatenate(p) for p in zip(*parts))  # type: ignore[return-value]
        found = np.full(len(rows), -1, dtype=np.int64)
        exact = np.zeros(len(rows), dtype=bool)
        similarity = np.zeros(len(rows))
        if not len(rows) or not self.manifest.get("documents_with_words"):
            return found, exact, similarity
        hit = self._exact(corpus.concat_rows("exact", rows))
        found[hit >= 0] = hit[hit >= 0]
        exact[hit >= 0] = True
        similarity[hit >= 0] = 1.0
        rest = np.flatnonzero(hit < 0)
        if len(rest):
            near, sim = self._near(corpus, rows[rest], config)
            found[rest] = near
            similarity[rest] = np.where(near >= 0, sim, 0.0)
        return found, exact, similarity

    def _exact(self, query: np.ndarray) -> np.ndarray:
        keys = self._array("exact_keys")
        ref_rows = self._array("exact_rows")
        lo = np.searchsorted(keys[:, 0], query[:, 0], side="left")
        hi = np.searchsorted(keys[:, 0], query[:, 0], side="right")
        out = np.full(len(query), -1, dtype=np.int64)
        for i in np.flatnonzero(hi > lo).tolist():  # a run of equal first halves: almost always one row
            run = np.asarray(keys[lo[i] : hi[i], 1])
            j = int(np.searchsorted(run, query[i, 1]))
            if j < len(run) and run[j] == query[i, 1]:
                out[i] = int(ref_rows[lo[i] + j])
        return out

    def _near(self, corpus: ShardSet, rows: np.ndarray, config: DedupConfig) -> tuple[np.ndarray, np.ndarray]:
        cap = config.max_bucket_candidates
        left: list[np.ndarray] = []
        right: list[np.ndarray] = []
        for b in range(config.bands):
            keys = self._array(f"band_{b:03d}_keys")
            ref_rows = self._array(f"band_{b:03d}_rows")
            query = corpus.concat_rows(f"band_{b:03d}", rows)
            lo = np.searchsorted(keys, query, side="left")
            count = np.minimum(np.searchsorted(keys, query, side="right") - lo, cap)
            which = np.repeat(np.arange(len(rows)), count)
            offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
            left.append(which)
            right.append(np.asarray(ref_rows[lo[which] + offset]))
        a, b = np.concatenate(left), np.concatenate(right)
        if not len(a):
            return np.full(len(rows), -1, dtype=np.int64), np.zeros(len(rows))
        packed = np.unique(a << 32 | b)
        a, b = packed >> 32, packed & 0xFFFFFFFF
        shingles = None
        if config.keep_shingles:
            shingles = (lambda i: corpus.shingle_set(int(rows[i])), self.shard.shingle_set)
        sim = verify(a, b, config.threshold, lambda i: corpus.signatures(rows[i]),
                     lambda r: np.asarray(self.shard.column("signatures")[r]), shingles)
        ok = sim >= 0
        a, b, sim = a[ok], b[ok], sim[ok]
        best = np.lexsort((b, -sim, a))  # per query: most similar, then earliest reference row
        first = np.concatenate(([True], a[best][1:] != a[best][:-1])) if len(best) else np.zeros(0, bool)
        chosen = best[first]
        found = np.full(len(rows), -1, dtype=np.int64)
        similarity = np.zeros(len(rows))
        found[a[chosen]] = b[chosen]
        similarity[a[chosen]] = sim[chosen]
        return found, similarity
