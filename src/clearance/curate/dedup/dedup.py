"""The one-call API: records in, one decision per record out, in input order.

``Deduplicator`` signs records as they arrive (batches of them, in worker processes) into a
shard in a work directory, and decides once the last record has been added (a later record may
be the more permissive copy of an earlier one, so no decision is final before the end).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from clearance.curate.dedup.config import DEFAULT_CONFIG, DedupConfig
from clearance.curate.dedup.decide import decide
from clearance.curate.dedup.decisions import DedupDecision, DedupStats
from clearance.curate.dedup.reference import ReferenceIndex
from clearance.curate.dedup.signer import Progress, Signer
from clearance.curate.dedup.store import ShardWriter


class Deduplicator:
    """Add records with ``add`` (as often as needed), then iterate ``decisions()`` once.

    ``work_dir`` holds the signatures (about 0.7 KB a document with the defaults): a temporary
    directory by default, removed by ``close()`` or at the end of a ``with`` block.
    """

    def __init__(self, config: DedupConfig = DEFAULT_CONFIG, *, workers: int = 1,
                 reference: ReferenceIndex | None = None, within_corpus: bool = True,
                 work_dir: str | Path | None = None, progress: Progress | None = None) -> None:
        if reference is not None:
            reference.check(config)  # before signing the whole corpus, not after
        self.config = config
        self.reference = reference
        self.within_corpus = within_corpus
        self.stats = DedupStats()
        self._own_dir = work_dir is None
        self.work_dir = Path(tempfile.mkdtemp(prefix="clearance-dedup-")) if work_dir is None else Path(work_dir)
        self._writer = ShardWriter(self.work_dir / "shard", config)
        self._signer = Signer(self._writer, config, workers, progress)
        self._decided = False

    def add(self, records: Iterable[object]) -> int:
        """Sign ``records`` ((id, text[, license[, attribution]]) tuples); returns how many."""
        if self._decided:
            raise RuntimeError("decisions() was already called: records can no longer be added")
        count = self._signer.add(records)
        self.stats.signing_seconds = self._signer.seconds
        return count

    def decisions(self) -> Iterator[DedupDecision]:
        """One decision per added record, in the order they were added."""
        if self._decided:
            raise RuntimeError("decisions() can be called only once")
        self._decided = True
        self._signer.close()
        shard = self._writer.close(force=True)
        yield from decide([shard], self.config, reference=self.reference, within_corpus=self.within_corpus,
                          stats=self.stats)

    def close(self) -> None:
        self._signer.close()
        if not self._decided:
            self._writer.abort()
        if self._own_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def deduplicate(records: Iterable[object], config: DedupConfig = DEFAULT_CONFIG, *, workers: int = 1,
                reference: ReferenceIndex | None = None, within_corpus: bool = True,
                work_dir: str | Path | None = None, progress: Progress | None = None,
                stats: DedupStats | None = None) -> Iterator[DedupDecision]:
    """Decisions for ``records`` in input order (a generator: the work happens as it is consumed).

    ``stats``, if given, receives the run's counters once the last decision has been consumed.
    Scripts calling this with ``workers > 1`` need the ``if __name__ == "__main__":`` guard
    (worker processes start with ``forkserver``).
    """
    with Deduplicator(config, workers=workers, reference=reference, within_corpus=within_corpus,
                      work_dir=work_dir, progress=progress) as dedup:
        dedup.add(records)
        yield from dedup.decisions()
        if stats is not None:
            for name in DedupStats.__dataclass_fields__:
                setattr(stats, name, getattr(dedup.stats, name))
