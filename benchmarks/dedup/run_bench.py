"""Dedup throughput and quality: clearance against datasketch and datatrove on the same corpus.

Builds (or reuses) a seeded synthetic corpus of ~5 KB documents with planted duplicates
(``corpus.py``), runs each method end to end in its own process (JSONL in, kept-as table out,
Python start-up and imports included), and grades every method on the same pairs
(``scoring.py``). Writes ``results.json`` and prints a Markdown summary.

Example (the figures in docs/bench/dedup.md)::

    .venv/bin/python benchmarks/dedup/run_bench.py --docs 20000 --workers 2 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dedup import methods
from benchmarks.dedup.corpus import Corpus, Truth, make_corpus
from benchmarks.dedup.scoring import grade, predicted_pairs, sample_pairs

METHODS = ("clearance", "clearance-signature", "datasketch", "datatrove")


def load_corpus(docs: int, seed: int, data_dir: Path) -> tuple[Corpus, Path]:
    path = data_dir / f"dedup-{docs // 1000}k-seed{seed}.jsonl"
    if path.exists():
        return Corpus.read_jsonl(path), path
    data_dir.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(docs, seed=seed)
    corpus.write_jsonl(path)
    return corpus, path


def run_one(method: str, data: Path, out: Path, workers: int, threshold: float) -> dict:
    """One method end to end in this process (called in a fresh subprocess by ``main``)."""
    out.mkdir(parents=True, exist_ok=True)
    if method == "clearance":
        return methods.run_clearance(data, out, workers, threshold)
    if method == "clearance-signature":
        return methods.run_clearance(data, out, workers, threshold, verify="signature")
    if method == "datasketch":
        return methods.run_datasketch(data, out, workers, threshold)
    if method == "datatrove":
        return methods.run_datatrove(data, out, workers)
    raise SystemExit(f"unknown method {method}")


def timed_subprocess(method: str, data: Path, out: Path, workers: int, threshold: float) -> dict:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", method, "--data", str(data),
           "--out", str(out), "--workers", str(workers), "--threshold", str(threshold)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"method": method, "error": (proc.stdout + proc.stderr)[-3000:], "wall_seconds": wall}
    stats = json.loads((out / "stats.json").read_text())
    return {"method": method, "wall_seconds": wall, "stats": stats}


def kept_as_table(out: Path) -> dict[str, str]:
    table = {}
    for line in (out / "kept_as.jsonl").read_text().splitlines():
        doc_id, kept = json.loads(line)
        table[doc_id] = kept
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per method (the best is reported)")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--random-pairs", type=int, default=20000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench-out" / "dedup")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:  # child process: one method, one run
        stats = run_one(args.one, args.data, args.out, args.workers, args.threshold)
        (args.out / "stats.json").write_text(json.dumps(stats, indent=2))
        return

    corpus, data = load_corpus(args.docs, args.seed, args.data_dir)
    n = len(corpus.docs)
    mb = data.stat().st_size / 1e6
    print(f"corpus: {n} documents, {mb:.1f} MB ({data})", flush=True)
    split = methods.split_jsonl(data, args.out_dir / "split", args.workers)[0].parent
    runs: dict[str, dict] = {}
    for method in args.methods.split(","):
        best = None
        for attempt in range(args.repeat):
            load = os.getloadavg()[0]
            source = split if method == "datatrove" else data
            result = timed_subprocess(method, source, args.out_dir / method, args.workers, args.threshold)
            result["load_before"] = round(load, 2)
            print(f"  {method} run {attempt + 1}: {result.get('wall_seconds', 0):.2f} s"
                  f" ({n / result['wall_seconds']:.0f} docs/s), load {load:.2f}"
                  + (f" ERROR {result['error'][-400:]}" if "error" in result else ""), flush=True)
            if "error" in result:
                best = result
                break
            if best is None or result["wall_seconds"] < best["wall_seconds"]:
                best = result
        assert best is not None
        if "error" not in best:
            best["docs_per_second"] = n / best["wall_seconds"]
            best["mb_per_second"] = mb / best["wall_seconds"]
        runs[method] = best

    truth = Truth(corpus)
    tables = {m: kept_as_table(args.out_dir / m) for m, r in runs.items() if "error" not in r}
    sample = sample_pairs(truth, [predicted_pairs(corpus, t) for t in tables.values()], args.random_pairs)
    for method, table in tables.items():
        runs[method]["quality"] = grade(corpus, truth, table, sample, args.threshold)
    report = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.processor()},
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "corpus": {"documents": n, "megabytes": mb, "seed": args.seed, "file": str(data),
                   "sample_pairs": len(sample), "true_pairs": sum(s >= args.threshold for s in sample.values())},
        "threshold": args.threshold,
        "workers": args.workers,
        "runs": runs,
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "results.json").write_text(json.dumps(report, indent=2))
    print(markdown(report))


def markdown(report: dict) -> str:
    runs = report["runs"]
    ours = runs.get("clearance", {}).get("docs_per_second")
    lines = [("| method | docs/s | MB/s | vs clearance | pair precision | pair recall | resolved | drop precision "
              "| dropped |"), "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for method, r in runs.items():
        if "error" in r:
            lines.append(f"| {method} | failed | | | | | | | |")
            continue
        q = r["quality"]
        ratio = ""
        if ours and method != "clearance":
            factor = ours / r["docs_per_second"]
            ratio = f"{factor:.1f}x slower" if factor >= 1 else f"{1 / factor:.1f}x faster"
        lines.append(f"| {method} | {r['docs_per_second']:,.0f} | {r['mb_per_second']:.1f} | {ratio} | "
                     f"{q['precision']:.4f} | {q['recall']:.4f} | {q['resolved']:.4f} | {q['drop_precision']:.4f} "
                     f"| {q['dropped']} |")
    lines.append("")
    lines.append("| true Jaccard | pairs | " + " | ".join(runs) + " |")
    lines.append("|---|---:|" + "---:|" * len(runs))
    curves = {m: r["quality"]["curve"] for m, r in runs.items() if "quality" in r}
    first = next(iter(curves.values()), [])
    for i, row in enumerate(first):
        cells = [f"{curves[m][i]['detected']:.3f}" if m in curves else "" for m in runs]
        lines.append(f"| {row['from']:.2f}-{row['to']:.2f} | {row['pairs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
