"""The deduplicators compared, each run end to end from JSONL on disk to a kept-as table.

Every method writes ``kept_as.jsonl`` (one ``[id, kept_id]`` per document, ``kept_id == id``
for a kept document) and returns its own counters. All use word 5-gram shingles, 20 bands of 6
rows and, where the method verifies candidates, the same threshold.

- clearance: ``clearance.curate.dedup.deduplicate`` with ``workers`` signing processes and the
  default exact verification; clearance-signature: the same, verified by estimated Jaccard.
- datasketch: ``MinHash`` signatures (128 permutations) computed by a pool of ``workers``
  processes, ``MinHashLSH(params=(20, 6))`` queried then filled in input order, candidates
  verified by the signatures' estimated Jaccard, union-find, the earliest copy kept (datasketch
  itself has no keep rule).
- datatrove: its four MinHash stages (signatures, buckets, clustering, filtering) with a
  ``LocalPipelineExecutor`` of ``workers`` tasks and processes; ``MinhashConfig(n_grams=5,
  num_buckets=20, hashes_per_bucket=6)``; no verification (datatrove has none). Its input is
  the same JSONL split into ``workers`` files, since datatrove parallelizes over files.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import time
from pathlib import Path

import numpy as np
import orjson

SHINGLE, BANDS, ROWS, NUM_PERM = 5, 20, 6, 128


def _records(data: Path):
    with open(data, "rb") as handle:
        for line in handle:
            r = orjson.loads(line)
            yield r["id"], r["text"], r["license"], r


def _write(out: Path, kept_as: list[tuple[str, str]]) -> None:
    with open(out / "kept_as.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(pair) + "\n" for pair in kept_as)


def run_clearance(data: Path, out: Path, workers: int, threshold: float, verify: str = "exact") -> dict:
    from clearance.curate.dedup import DedupConfig, DedupStats, deduplicate

    config = DedupConfig(shingle_size=SHINGLE, num_perm=NUM_PERM, bands=BANDS, rows=ROWS, threshold=threshold,
                         verify=verify)  # type: ignore[arg-type]
    stats = DedupStats()
    kept_as = [(d.id, d.id if d.keep else d.duplicate_of)
               for d in deduplicate(_records(data), config, workers=workers, stats=stats, work_dir=out / "work")]
    _write(out, kept_as)  # type: ignore[arg-type]
    return stats.to_json()


_WORD = re.compile(r"[^\W_]+")


def _datasketch_sign(texts: list[str]) -> np.ndarray:
    from datasketch import MinHash

    out = []
    for text in texts:
        words = _WORD.findall(text.lower())
        grams = {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
        if not grams and words:
            grams = {" ".join(words).encode()}
        m = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
        m.update_batch(list(grams))
        out.append(m.hashvalues)
    return np.stack(out) if out else np.zeros((0, NUM_PERM), dtype=np.uint32)


def run_datasketch(data: Path, out: Path, workers: int, threshold: float) -> dict:
    from datasketch import LeanMinHash, MinHashLSH

    ids: list[str] = []

    def batches():
        batch: list[str] = []
        for doc_id, text, _, _ in _records(data):
            ids.append(doc_id)
            batch.append(text)
            if len(batch) == 256:
                yield batch
                batch = []
        if batch:
            yield batch

    start = time.perf_counter()
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        signatures = np.concatenate(list(pool.imap(_datasketch_sign, batches())))
    signed = time.perf_counter() - start
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    candidates = verified = 0
    for i, values in enumerate(signatures):
        m = LeanMinHash(seed=1, hashvalues=values, scheme="affine32")
        for j in lsh.query(m):
            candidates += 1
            if np.count_nonzero(signatures[j] == values) / NUM_PERM >= threshold:
                verified += 1
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
        lsh.insert(i, m)
    _write(out, [(doc_id, ids[find(i)]) for i, doc_id in enumerate(ids)])
    return {"documents": len(ids), "candidate_pairs": candidates, "verified_pairs": verified,
            "signing_seconds": signed, "lsh_seconds": time.perf_counter() - start - signed}


def split_jsonl(data: Path, folder: Path, parts: int) -> list[Path]:
    """The same lines in ``parts`` files of consecutive documents (datatrove's unit of parallelism)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = data.read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // parts)
    paths = []
    for p in range(parts):
        path = folder / f"part-{p:03d}.jsonl"
        path.write_bytes(b"".join(lines[p * size : (p + 1) * size]))
        paths.append(path)
    return paths


def run_datatrove(data_folder: Path, out: Path, workers: int) -> dict:
    import logging

    from datatrove.executor.local import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers.jsonl import JsonlWriter
    from datatrove.utils.hashing import HashConfig
    from loguru import logger

    logger.remove()
    logging.disable(logging.WARNING)
    config = MinhashConfig(n_grams=SHINGLE, num_buckets=BANDS, hashes_per_bucket=ROWS,
                           hash_config=HashConfig(precision=64))
    files = sorted(data_folder.glob("*.jsonl"))
    tasks = len(files)
    work = out / "datatrove"
    stages = [
        ("signatures", [JsonlReader(str(data_folder), glob_pattern="*.jsonl"),
                        MinhashDedupSignature(output_folder=str(work / "sigs"), config=config)], tasks, workers),
        ("buckets", [MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"),
                                         config=config)], BANDS, workers),
        ("cluster", [MinhashDedupCluster(input_folder=str(work / "buckets"), output_folder=str(work / "remove"),
                                         config=config, save_cluster_id=True)], 1, 1),
        ("filter", [JsonlReader(str(data_folder), glob_pattern="*.jsonl"),
                    MinhashDedupFilter(input_folder=str(work / "remove"), load_cluster_ids=True,
                                       exclusion_writer=JsonlWriter(str(work / "removed"), compression=None)),
                    JsonlWriter(str(work / "kept"), compression=None)], tasks, workers),
    ]
    seconds = {}
    for name, pipeline, n_tasks, n_workers in stages:
        start = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=n_tasks, workers=n_workers,
                              logging_dir=str(work / "logs" / name), skip_completed=False).run()
        seconds[name] = time.perf_counter() - start
    # Kept copy of each cluster: the one document of the cluster that was not removed.
    kept: list[tuple[str, int]] = []
    removed: list[tuple[str, int]] = []
    for folder, into in (("kept", kept), ("removed", removed)):
        for path in sorted((work / folder).glob("*.jsonl")):
            for line in path.read_bytes().splitlines():
                r = orjson.loads(line)
                into.append((r["id"], r["metadata"].get("minhash_cluster_id", -1)))
    keeper = {cluster: doc_id for doc_id, cluster in kept if cluster != -1}
    kept_as = [(doc_id, doc_id) for doc_id, _ in kept]
    kept_as += [(doc_id, keeper.get(cluster, doc_id)) for doc_id, cluster in removed]
    _write(out, kept_as)
    return {"documents": len(kept_as), "removed": len(removed), "stage_seconds": seconds}
