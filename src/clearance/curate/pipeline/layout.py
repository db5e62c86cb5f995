"""Where a run keeps its files: the outputs users read, and the work files that make it resumable.

    OUT/run.json                         the config the run was started with, and its status
    OUT/data/part-NNNNN.parquet|jsonl    the kept documents (PII redacted)
    OUT/manifest.parquet                 one row per input document: decision and why
    OUT/NOTICE, OUT/DATACARD.md, OUT/plots/*.png
    OUT/work/input/shard-NNNNN.parquet   documents as read, cut into shards
    OUT/work/read.done                   the read finished (shard and document counts)
    OUT/work/mapped/shard-NNNNN.parquet  after license, opt-out, policy and PII (+ .done marker)
    OUT/work/signatures/shard-NNNNN/     dedup signatures of the shard's policy-kept documents
    OUT/work/dedup/shard-NNNNN.parquet   dedup's decisions for the shard (+ work/dedup.done)
    OUT/work/final/shard-NNNNN.done      the shard's data part and manifest part are written
    OUT/work/manifest/part-NNNNN.parquet the shard's manifest rows

Every file is written under a temporary name and renamed; a marker is written last, so a shard
with a marker is complete and a rerun skips it. A run killed mid-write leaves its temporary
(``.NAME.tmp-*``, ``.NAME.old-*``) behind; the next run removes them before it starts.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

_WORK_DIRS = ("input", "mapped", "signatures", "dedup", "final", "manifest")


@dataclass(frozen=True, slots=True)
class RunLayout:
    root: Path

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def run_file(self) -> Path:
        return self.root / "run.json"

    @property
    def read_done(self) -> Path:
        return self.work / "read.done"

    @property
    def dedup_done(self) -> Path:
        return self.work / "dedup.done"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.parquet"

    @property
    def notice(self) -> Path:
        return self.root / "NOTICE"

    @property
    def datacard(self) -> Path:
        return self.root / "DATACARD.md"

    @property
    def plots(self) -> Path:
        return self.root / "plots"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def input_shard(self, index: int) -> Path:
        return self.work / "input" / f"shard-{index:05d}.parquet"

    def mapped_shard(self, index: int) -> Path:
        return self.work / "mapped" / f"shard-{index:05d}.parquet"

    def mapped_done(self, index: int) -> Path:
        return self.work / "mapped" / f"shard-{index:05d}.done"

    def signatures(self, index: int) -> Path:
        return self.work / "signatures" / f"shard-{index:05d}"

    def dedup_shard(self, index: int) -> Path:
        return self.work / "dedup" / f"shard-{index:05d}.parquet"

    def final_done(self, index: int) -> Path:
        return self.work / "final" / f"shard-{index:05d}.done"

    def manifest_part(self, index: int) -> Path:
        return self.work / "manifest" / f"part-{index:05d}.parquet"

    def data_part(self, index: int, suffix: str) -> Path:
        return self.data / f"part-{index:05d}.{suffix}"

    def make_dirs(self) -> None:
        for name in _WORK_DIRS:
            (self.work / name).mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)

    def stale_temporaries(self) -> list[Path]:
        """Temporary files and directories left by a run that was killed while writing them."""
        found: list[Path] = []
        for directory in (self.root, self.data, self.plots, self.work, *(self.work / n for n in _WORK_DIRS)):
            if directory.is_dir():
                found += [entry for entry in directory.iterdir()
                          if entry.name.startswith(".") and (".tmp-" in entry.name or ".old-" in entry.name)]
        return sorted(found)

    def remove_stale_temporaries(self) -> int:
        """Remove them (only safe while holding the run's lock); returns how many there were."""
        stale = self.stale_temporaries()
        for entry in stale:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        return len(stale)
