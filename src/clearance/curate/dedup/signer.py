"""Signing: read records, compute their signatures (in worker processes), append them to a shard.

Records are read and checked in the calling process, signed in batches by a pool of worker
processes (texts travel to the workers, signatures come back), and written in input order.
At most ``2 * workers + 1`` batches are in flight, so a corpus of any size streams through
memory of a few batches.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from clearance.curate.dedup import long_text
from clearance.curate.dedup.config import DEFAULT_CONFIG, DedupConfig
from clearance.curate.dedup.minhash import band_keys, signatures
from clearance.curate.dedup.records import unpack
from clearance.curate.dedup.shingles import seed_salt, shingle_batch, shingle_lists
from clearance.curate.dedup.store import Shard, ShardWriter

#: Documents per batch sent to a worker: large enough that pickling and queueing are noise.
BATCH_DOCUMENTS = 256
#: ... unless their text is this long already (a few huge documents make their own batch).
BATCH_CHARS = 1 << 21

Progress = Callable[[int], None]


@dataclass(slots=True)
class SignedBatch:
    tokens: np.ndarray
    exact: np.ndarray
    signatures: np.ndarray
    bands: np.ndarray
    shingle_count: np.ndarray | None
    shingles: np.ndarray | None


def _sign_together(texts: Sequence[str], config: DedupConfig) -> SignedBatch:
    shingled = shingle_batch(texts, config.shingle_size, config.seed)
    sig = signatures(shingled.values, shingled.doc, len(texts), config.num_perm, seed_salt(config.seed))
    counts, lists = shingle_lists(shingled) if config.keep_shingles else (None, None)
    return SignedBatch(shingled.tokens, shingled.exact, sig, band_keys(sig, config.bands, config.rows), counts, lists)


def sign_texts(texts: Sequence[str], config: DedupConfig) -> SignedBatch:
    """Everything dedup stores for these texts: word counts, exact hashes, signatures, band keys
    and (for exact verification) shingle lists; a shingle count of -1 means none were kept."""
    limit = long_text.LONG_CHARS
    long_rows = [i for i, text in enumerate(texts) if len(text) > limit]
    if not long_rows:
        return _sign_together(texts, config)
    n = len(texts)
    tokens = np.zeros(n, dtype=np.int32)
    exact = np.zeros((n, 2), dtype=np.uint64)
    sig = np.zeros((n, config.num_perm), dtype=np.uint32)
    lists: list[np.ndarray | None] = [None] * n
    short_rows = [i for i in range(n) if len(texts[i]) <= limit]
    if short_rows:
        part = _sign_together([texts[i] for i in short_rows], config)
        tokens[short_rows], exact[short_rows], sig[short_rows] = part.tokens, part.exact, part.signatures
        if part.shingle_count is not None and part.shingles is not None:
            pieces = np.split(part.shingles, np.cumsum(part.shingle_count)[:-1])
            for row, piece in zip(short_rows, pieces):
                lists[row] = piece
    for row in long_rows:
        tokens[row], exact[row], sig[row], lists[row] = long_text.sign_long_text(texts[row], config)
    counts = shingles = None
    if config.keep_shingles:
        counts = np.array([-1 if s is None else len(s) for s in lists], dtype=np.int32)
        kept = [s for s in lists if s is not None]
        shingles = np.concatenate(kept) if kept else np.zeros(0, dtype=np.uint32)
    return SignedBatch(tokens, exact, sig, band_keys(sig, config.bands, config.rows), counts, shingles)


def id_hashes(ids: list[str]) -> np.ndarray:
    """64-bit hashes of the ids, to find repeated ids without keeping the ids in memory."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(i.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
         for i in ids),
        dtype=np.uint64, count=len(ids),
    )


@dataclass(slots=True)
class _Batch:
    ids: list[str]
    texts: list[str]
    rank: list[int]
    attribution: list[int]


def _batches(records: Iterable[object], first_position: int) -> Iterable[_Batch]:
    batch = _Batch([], [], [], [])
    chars = 0
    for position, record in enumerate(records, first_position):
        doc_id, text, rank, score = unpack(position, record)
        batch.ids.append(doc_id)
        batch.texts.append(text)
        batch.rank.append(rank)
        batch.attribution.append(score)
        chars += len(text)
        if len(batch.ids) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS:
            yield batch
            batch = _Batch([], [], [], [])
            chars = 0
    if batch.ids:
        yield batch


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: forking a process that may hold other threads (pyarrow's, a caller's) can deadlock.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["clearance.curate.dedup.signer"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


class Signer:
    """Signs records into a shard writer, in one process or a pool of ``workers``."""

    def __init__(self, writer: ShardWriter, config: DedupConfig, workers: int = 1,
                 progress: Progress | None = None) -> None:
        if not isinstance(workers, int) or workers < 1:
            raise ValueError(f"workers must be a positive integer, not {workers!r}")
        self.writer = writer
        self.config = config
        self.workers = workers
        self.progress = progress
        self.seconds = 0.0
        self._pool: ProcessPoolExecutor | None = None

    def add(self, records: Iterable[object]) -> int:
        """Sign and append ``records``; returns how many there were."""
        start = time.perf_counter()
        before = self.writer.documents
        batches = _batches(records, before)
        if self.workers == 1:
            for batch in batches:
                self._write(batch, sign_texts(batch.texts, self.config))
        else:
            if self._pool is None:
                self._pool = _pool(self.workers)
            pending: deque[tuple[_Batch, Future[SignedBatch]]] = deque()
            for batch in batches:
                pending.append((batch, self._pool.submit(sign_texts, batch.texts, self.config)))
                batch.texts = []  # the worker has its own copy; keep memory to what is in flight
                if len(pending) > 2 * self.workers:
                    done, future = pending.popleft()
                    self._write(done, future.result())
            while pending:
                done, future = pending.popleft()
                self._write(done, future.result())
        self.seconds += time.perf_counter() - start
        return self.writer.documents - before

    def _write(self, batch: _Batch, signed: SignedBatch) -> None:
        self.writer.append(
            batch.ids, np.array(batch.rank, dtype=np.int32), np.array(batch.attribution, dtype=np.int16),
            id_hashes(batch.ids), signed.tokens, signed.exact, signed.signatures, signed.bands,
            signed.shingle_count, signed.shingles,
        )
        if self.progress is not None:
            self.progress(len(batch.ids))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def sign_shard(records: Iterable[object], path: str | Path, config: DedupConfig = DEFAULT_CONFIG, *,
               workers: int = 1, force: bool = False, progress: Progress | None = None) -> Path:
    """Sign ``records`` into the shard directory ``path``, committed only when complete.

    For a pipeline that runs shards in separate processes: a shard that already exists is
    reused when it was signed with the same settings (``force`` re-signs it), which makes a
    rerun resume where the last one stopped.
    """
    path = Path(path)
    if path.exists() and not force:
        Shard(path, config)  # a ShardFormatError if it was signed otherwise or is not a shard
        return path
    writer = ShardWriter(path, config)
    signer = Signer(writer, config, workers, progress)
    try:
        signer.add(records)
        signer.close()
        return writer.close(force=True)
    except BaseException:
        signer.close()
        writer.abort()
        raise
