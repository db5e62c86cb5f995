"""Memory and disk of one dedup run as the corpus grows: is memory bounded by streaming?

Runs ``deduplicate`` over a JSONL corpus (from ``run_bench.py``'s generator, or any JSONL with
``id`` and ``text``) in this process with ``--workers`` signing processes, and reports docs/s,
the peak resident memory of this (the deciding) process, the work directory's size per
document, and the counters::

    .venv/bin/python benchmarks/dedup/scale.py bench-data/dedup-100k-seed1.jsonl --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clearance.curate.dedup import DedupConfig, Deduplicator, DedupStats


def _records(path: Path):
    with open(path, "rb") as handle:
        for line in handle:
            r = orjson.loads(line)
            yield r["id"], r["text"], r.get("license"), r


def _rss() -> dict[str, int]:
    """Anonymous (held) and file-backed (memory-mapped, reclaimable) resident memory, in kB."""
    out = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("RssAnon:", "RssFile:")):
                name, value = line.split(":")
                out[name] = int(value.split()[0])
    return out


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--verify", default="exact", choices=("exact", "signature"))
    args = parser.parse_args()
    stats = DedupStats()
    config = DedupConfig(verify=args.verify)
    peak_work = 0
    peak_rss = {"RssAnon": 0, "RssFile": 0}
    with tempfile.TemporaryDirectory(prefix="dedup-scale-") as tmp:
        work = Path(tmp)
        done = threading.Event()

        def watch() -> None:  # the work directory's size and this process's memory, sampled
            nonlocal peak_work
            while not done.wait(0.05):
                peak_work = max(peak_work, _dir_bytes(work))
                for name, value in _rss().items():
                    peak_rss[name] = max(peak_rss[name], value)

        threading.Thread(target=watch, daemon=True).start()
        start = time.perf_counter()
        with Deduplicator(config, workers=args.workers, work_dir=work) as dedup:
            dedup.add(_records(args.data))
            signed = time.perf_counter() - start
            peak_work = max(peak_work, _dir_bytes(work))
            dropped = sum(not d.keep for d in dedup.decisions())
            stats = dedup.stats
        done.set()
        wall = time.perf_counter() - start
    n = stats.documents
    report = {
        "file": str(args.data), "megabytes": args.data.stat().st_size / 1e6, "documents": n,
        "workers": args.workers, "verify": args.verify, "wall_seconds": wall, "signing_seconds": signed,
        "docs_per_second": n / wall, "dropped": dropped, "load": os.getloadavg()[0],
        "deciding_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_anonymous_mb": peak_rss["RssAnon"] / 1024, "peak_file_backed_mb": peak_rss["RssFile"] / 1024,
        "work_dir_bytes_per_document": peak_work / max(n, 1), "stats": stats.to_json(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
