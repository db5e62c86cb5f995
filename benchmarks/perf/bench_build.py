"""Index build speed, size and memory, against a bare suffix array (pydivsufsort) and infini-gram.

On one JSONL corpus this measures, each in its own process so peak RSS is the process's own:

- ours: ``clearance index build INPUT --out DIR --force`` end to end (JSONL parse, tokenizing,
  hashing, winnowing, sorting, writing), under ``/usr/bin/time -v``; the Python API
  (``build_index(read_corpus([INPUT]), DIR)``) if the CLI is missing.
- divsufsort: ``pydivsufsort.divsufsort`` over the very bytes our index stores (the documents'
  UTF-8 joined by newlines); the timed part is the suffix sort alone, the JSONL load is reported
  separately.
- infini-gram (optional, ``--infini-gram``): ``python -m infini_gram.indexing --token_dtype u8``
  from a separate virtualenv, with a time limit; its failure, if any, is recorded.

``--profile`` adds a cProfile of the build through the Python API (written as .pstats and a
top-N text summary).

Example::

    python benchmarks/perf/bench_build.py bench-data/real.jsonl --repeat 3 \
        --infini-gram /tmp/ig-venv/bin/python --profile
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"
CLI = ROOT / ".venv" / "bin" / "clearance"
MB = 1_000_000


def src_fingerprint() -> dict:
    """Which source was measured: src/ changes under other engineers' hands."""
    import hashlib
    h = hashlib.sha256()
    newest = 0.0
    for p in sorted((ROOT / "src").rglob("*.py")):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
        newest = max(newest, p.stat().st_mtime)
    return {"sha256": h.hexdigest()[:16], "newest_mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(newest))}


def dir_bytes(path: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for p in path.rglob("*"):
        if p.is_file():
            sizes[p.name] = sizes.get(p.name, 0) + p.stat().st_size
    return sizes


def timed(cmd: list[str], timeout: float | None = None, cwd: str | None = None,
          env: dict | None = None) -> dict:
    """Run under /usr/bin/time -v: wall seconds, peak RSS (bytes), return code, output tail."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-v", "-o", tf.name, *cmd]
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(full, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
            rc, out = proc.returncode, (proc.stdout + proc.stderr)
            timed_out = False
        except subprocess.TimeoutExpired as exc:
            rc, timed_out = None, True
            out = ((exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")) + \
                  ((exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or ""))
        wall = time.perf_counter() - t0
        report = Path(tf.name).read_text() if Path(tf.name).exists() else ""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    user = re.search(r"User time \(seconds\): ([\d.]+)", report)
    sys_ = re.search(r"System time \(seconds\): ([\d.]+)", report)
    return {
        "cmd": " ".join(cmd), "rc": rc, "timed_out": timed_out, "seconds": wall,
        "peak_rss": int(rss.group(1)) * 1024 if rss else None,
        "cpu_seconds": (float(user.group(1)) + float(sys_.group(1))) if user and sys_ else None,
        "output_tail": out[-3000:],
    }


def corpus_stats(jsonl: Path) -> dict:
    info = Path(str(jsonl) + ".info.json")
    if info.exists():
        d = json.loads(info.read_text())
        return {"documents": d["documents"], "text_bytes": d["text_bytes"], "words": d["words"]}
    n = size = words = 0
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"]
            n, size, words = n + 1, size + len(t.encode("utf-8", "surrogatepass")), words + len(t.split())
    return {"documents": n, "text_bytes": size, "words": words}


# ---------------------------------------------------------------------------------------------
# ours
# ---------------------------------------------------------------------------------------------

def have_cli() -> bool:
    if not CLI.exists():
        return False
    r = subprocess.run([str(CLI), "index", "build", "--help"], capture_output=True, text=True)
    return r.returncode == 0


API_BUILD = """
import sys
from clearance.io import read_corpus
from clearance.index import build_index
build_index(read_corpus([sys.argv[1]]), sys.argv[2], force=True)
"""


def build_ours(jsonl: Path, out: Path, timeout: float | None) -> dict:
    if have_cli():
        cmd = [str(CLI), "index", "build", str(jsonl), "--out", str(out), "--force"]
        how = "cli"
    else:
        cmd = [str(VENV_PY), "-c", API_BUILD, str(jsonl), str(out)]
        how = "python-api"
    r = timed(cmd, timeout=timeout)
    r["how"] = how
    if r["rc"] == 0:
        sizes = dir_bytes(out)
        r["index_bytes"] = sum(sizes.values())
        r["files"] = sizes
        manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
        r["manifest_totals"] = {k: manifest.get(k) for k in ("documents", "characters", "bytes", "tokens", "postings") if k in manifest}
    return r


# ---------------------------------------------------------------------------------------------
# divsufsort
# ---------------------------------------------------------------------------------------------

DIVSUFSORT = """
import json, sys, time, resource
import numpy as np, pydivsufsort
t0 = time.perf_counter()
parts = []
with open(sys.argv[1], 'rb') as f:
    for line in f:
        parts.append(json.loads(line)['text'].encode('utf-8', 'surrogatepass'))
data = b'\\n'.join(parts) + b'\\n'
del parts
arr = np.frombuffer(data, dtype=np.uint8).copy()
del data
load = time.perf_counter() - t0
t1 = time.perf_counter(); c1 = time.process_time()
sa = pydivsufsort.divsufsort(arr)
sort = time.perf_counter() - t1; sort_cpu = time.process_time() - c1
print(json.dumps({"load_seconds": load, "sort_seconds": sort, "sort_cpu_seconds": sort_cpu, "text_bytes": len(arr),
                  "sa_itemsize": sa.dtype.itemsize,
                  "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def run_divsufsort(jsonl: Path) -> dict:
    r = timed([str(VENV_PY), "-c", DIVSUFSORT, str(jsonl)])
    if r["rc"] != 0:
        return {"error": r["output_tail"]}
    last = [l for l in r["output_tail"].splitlines() if l.startswith("{")][-1]
    d = json.loads(last)
    d["peak_rss"] = r["peak_rss"]
    return d


# ---------------------------------------------------------------------------------------------
# infini-gram
# ---------------------------------------------------------------------------------------------

def run_infini_gram(python: str, jsonl: Path, work: Path, timeout: float, cpus: int, mem_gb: int) -> dict:
    data_dir, save_dir = work / "data", work / "index"
    shutil.rmtree(work, ignore_errors=True)
    data_dir.mkdir(parents=True)
    os.link(jsonl, data_dir / "corpus.jsonl") if os.stat(jsonl).st_dev == os.stat(work).st_dev \
        else shutil.copy(jsonl, data_dir / "corpus.jsonl")
    # indexing.py calls "./rust_indexing", so it must run from the package's own directory
    pkg = subprocess.run([python, "-c", "import infini_gram, os; print(os.path.dirname(infini_gram.__file__))"],
                         capture_output=True, text=True)
    if pkg.returncode != 0:
        return {"error": "infini_gram not importable: " + pkg.stderr[-1000:]}
    cmd = [python, "-m", "infini_gram.indexing", "--data_dir", str(data_dir.resolve()),
           "--save_dir", str(save_dir.resolve()), "--token_dtype", "u8", "--cpus", str(cpus),
           "--mem", str(mem_gb), "--ulimit", "20000"]
    r = timed(cmd, timeout=timeout, cwd=pkg.stdout.strip())
    if r["rc"] == 0 and save_dir.exists():
        sizes = dir_bytes(save_dir)
        r["index_bytes"] = sum(sizes.values())
        r["files"] = sizes
    elif r["timed_out"]:
        r["error"] = f"did not finish within {timeout:.0f} s"
    else:
        r["error"] = f"exit code {r['rc']}: " + r["output_tail"][-1500:]
    shutil.rmtree(work, ignore_errors=True)
    return r


# ---------------------------------------------------------------------------------------------
# profile
# ---------------------------------------------------------------------------------------------

PROFILE = """
import cProfile, pstats, sys, io
from clearance.io import read_corpus
from clearance.index import build_index
prof = cProfile.Profile()
prof.enable()
build_index(read_corpus([sys.argv[1]]), sys.argv[2], force=True)
prof.disable()
prof.dump_stats(sys.argv[3])
for key in ("tottime", "cumulative"):
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats(key).print_stats(int(sys.argv[4]))
    print(s.getvalue())
"""


def run_profile(jsonl: Path, out: Path, stats_path: Path, top: int) -> str:
    r = subprocess.run([str(VENV_PY), "-c", PROFILE, str(jsonl), str(out), str(stats_path), str(top)],
                       capture_output=True, text=True)
    return r.stdout + r.stderr


# ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/clearance-bench-ix"), help="our index directory")
    ap.add_argument("--keep", action="store_true", help="keep our index after the run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--no-divsufsort", action="store_true")
    ap.add_argument("--skip-ours", action="store_true", help="peers only (e.g. divsufsort at a larger scale)")
    ap.add_argument("--infini-gram", metavar="PYTHON", help="python of a venv with infini-gram installed")
    ap.add_argument("--ig-timeout", type=float, default=600)
    ap.add_argument("--ig-work", type=Path, default=Path("/tmp/ig-work"))
    ap.add_argument("--ig-cpus", type=int, default=2)
    ap.add_argument("--ig-mem", type=int, default=16)
    ap.add_argument("--profile", action="store_true", help="also cProfile one build (Python API)")
    ap.add_argument("--profile-top", type=int, default=30)
    ap.add_argument("--results", type=Path, default=ROOT / "bench-out" / "perf")
    args = ap.parse_args(argv)

    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.jsonl.name.removesuffix(".jsonl") + ("-peers" if args.skip_ours else "")
    corpus = corpus_stats(args.jsonl)
    text_bytes = corpus["text_bytes"]
    result_load = [os.getloadavg()]
    print(f"corpus {args.jsonl}: {corpus['documents']:,} docs, {text_bytes / MB:.1f} MB, {corpus['words']:,} words",
          file=sys.stderr)
    result: dict = {"src": src_fingerprint(), "corpus": str(args.jsonl), **corpus, "ours": [], "divsufsort": [], "infini_gram": None}

    for i in range(0 if args.skip_ours else args.repeat):
        r = build_ours(args.jsonl, args.out, args.timeout)
        if r["rc"] != 0:
            print(r["output_tail"], file=sys.stderr)
            raise SystemExit(f"our build failed (rc {r['rc']})")
        print(f"  ours #{i + 1} ({r['how']}): {r['seconds']:.2f}s, peak RSS {r['peak_rss'] / 2**20:.0f} MiB, "
              f"index {r['index_bytes'] / MB:.1f} MB", file=sys.stderr)
        result["ours"].append({k: v for k, v in r.items() if k != "output_tail"})
    if not args.no_divsufsort:
        for i in range(args.repeat):
            d = run_divsufsort(args.jsonl)
            if "error" in d:
                print(d["error"], file=sys.stderr)
                break
            print(f"  divsufsort #{i + 1}: {d['sort_seconds']:.2f}s sort (+{d['load_seconds']:.2f}s JSONL load), "
                  f"peak RSS {d['peak_rss'] / 2**20:.0f} MiB", file=sys.stderr)
            result["divsufsort"].append(d)
    if args.infini_gram:
        print(f"  infini-gram (limit {args.ig_timeout:.0f}s) ...", file=sys.stderr)
        ig = run_infini_gram(args.infini_gram, args.jsonl.resolve(), args.ig_work, args.ig_timeout, args.ig_cpus, args.ig_mem)
        result["infini_gram"] = ig
        print(f"  infini-gram: {ig.get('seconds', 0):.1f}s rc={ig.get('rc')} {ig.get('error', '')[:300]}", file=sys.stderr)
    if args.profile:
        stats = args.results / f"build-{stem}.pstats"
        text = run_profile(args.jsonl, args.out, stats, args.profile_top)
        (args.results / f"build-{stem}.profile.txt").write_text(text)
        result["profile"] = str(args.results / f"build-{stem}.profile.txt")
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)

    result_load.append(os.getloadavg())
    result["loadavg_start_end"] = result_load
    summary = summarize(result)
    result["summary"] = summary
    path = args.results / f"build-{stem}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    print(f"wrote {path}", file=sys.stderr)


def summarize(result: dict) -> dict:
    tb = result["text_bytes"]
    ours = result["ours"]
    s: dict = {"src": result.get("src"), "loadavg_start_end": result.get("loadavg_start_end"), "text_MB": round(tb / MB, 2), "words": result["words"]}
    if not ours:
        for d in result["divsufsort"][:1]:
            s.update(divsufsort_seconds=round(d["sort_seconds"], 2), divsufsort_cpu_seconds=round(d["sort_cpu_seconds"], 2),
                     divsufsort_MB_per_s=round(tb / MB / d["sort_seconds"], 2),
                     divsufsort_peak_rss_MiB=round(d["peak_rss"] / 2**20))
        return s
    o_sec = statistics.median(r["seconds"] for r in ours)
    s["ours_seconds_median"] = round(o_sec, 2)
    s["ours_seconds_all"] = [round(r["seconds"], 2) for r in ours]
    s["ours_cpu_seconds_median"] = round(statistics.median(r["cpu_seconds"] for r in ours), 2)
    s["ours_MB_per_s"] = round(tb / MB / o_sec, 2)
    s["ours_peak_rss_MiB"] = round(max(r["peak_rss"] for r in ours) / 2**20)
    ib = ours[-1]["index_bytes"]
    text_bin = ours[-1]["files"].get("text.bin", 0)
    s["ours_index_bytes"] = ib
    s["ours_bytes_per_text_byte"] = round(ib / tb, 3)
    s["ours_bytes_per_text_byte_without_stored_text"] = round((ib - text_bin) / tb, 3)
    if result["divsufsort"]:
        d_sec = statistics.median(d["sort_seconds"] for d in result["divsufsort"])
        s["divsufsort_seconds_median"] = round(d_sec, 2)
        s["divsufsort_MB_per_s"] = round(tb / MB / d_sec, 2)
        s["divsufsort_peak_rss_MiB"] = round(max(d["peak_rss"] for d in result["divsufsort"]) / 2**20)
        s["divsufsort_bytes_per_text_byte"] = result["divsufsort"][0]["sa_itemsize"] + 1  # SA + the text
        s["divsufsort_cpu_seconds_median"] = round(statistics.median(d["sort_cpu_seconds"] for d in result["divsufsort"]), 2)
        s["ratio_ours_over_divsufsort"] = round(o_sec / d_sec, 2)
        s["ratio_ours_over_divsufsort_cpu"] = round(s["ours_cpu_seconds_median"] / s["divsufsort_cpu_seconds_median"], 2)
    ig = result["infini_gram"]
    if ig is not None:
        if ig.get("rc") == 0 and "index_bytes" in ig:
            s["infini_gram_seconds"] = round(ig["seconds"], 1)
            s["infini_gram_MB_per_s"] = round(tb / MB / ig["seconds"], 3)
            s["infini_gram_peak_rss_MiB"] = round(ig["peak_rss"] / 2**20) if ig.get("peak_rss") else None
            s["infini_gram_bytes_per_text_byte"] = round(ig["index_bytes"] / tb, 3)
            s["ratio_infini_gram_over_ours"] = round(ig["seconds"] / o_sec, 1)
            s["infini_gram_cpu_seconds"] = ig.get("cpu_seconds")
        else:
            s["infini_gram_error"] = ig.get("error", "unknown")[:500]
            s["infini_gram_seconds"] = round(ig.get("seconds", 0), 1)
    return s


if __name__ == "__main__":
    main()
