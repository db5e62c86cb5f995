"""Query latency and memory of ``Index.search`` on 1,000-word outputs, at several index sizes.

For each JSONL corpus given (e.g. the 10M- and 100M-word corpora of make_corpus.py):

1. build the index with ``clearance index build`` (or reuse ``--index-root/<name>`` when it
   exists and ``--reuse`` is given), recording build wall time and peak RSS;
2. make the queries: 1,000-word "model outputs" mixing fresh text (from Markov chains trained on
   the real corpus with another seed, so mostly not in the index) with planted copies of spans of
   indexed documents: a third of the queries have none, a third verbatim copies, a third altered
   copies (words substituted, case changed, punctuation dropped, lines re-wrapped);
3. in a fresh process: open the index, warm up, then time every query; report median / p90 /
   p99 / max latency, peak RSS (and how much of it is file-backed, i.e. memory-mapped index
   pages the OS can drop, versus anonymous memory), and how many plants were found.

Then projects 1B words from the measured bytes per word and the latency trend (see ``project``).

Example::

    python benchmarks/perf/bench_query.py bench-data/synth-10M.jsonl bench-data/synth-100M.jsonl \
        --queries 250 --reuse
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"
sys.path.insert(0, str(HERE))

from bench_build import build_ours, corpus_stats, dir_bytes, src_fingerprint  # noqa: E402
from make_corpus import Markov, real_documents  # noqa: E402

MB = 1_000_000
QUERY_WORDS = 1000


# ---------------------------------------------------------------------------------------------
# queries
# ---------------------------------------------------------------------------------------------

def sample_documents(jsonl: Path, n_docs: int, k: int, rng: random.Random, min_words: int = 250) -> list[dict]:
    """``k`` random documents (with at least ``min_words`` words), one streaming pass."""
    wanted = set(rng.sample(range(n_docs), min(n_docs, k * 3)))
    picked: list[dict] = []
    with open(jsonl, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in wanted:
                rec = json.loads(line)
                if len(rec["text"].split()) >= min_words:
                    picked.append({"id": rec["id"], "text": rec["text"]})
    rng.shuffle(picked)
    return picked[:k]


def take_span(text: str, n_words: int, rng: random.Random) -> str:
    """A span of about ``n_words`` words of ``text``, keeping its original spacing."""
    bounds = [m.start() for m in re.finditer(r"\S+", text)]
    if len(bounds) <= n_words:
        return text.strip()
    i = rng.randrange(len(bounds) - n_words)
    end = bounds[i + n_words] if i + n_words < len(bounds) else len(text)
    return text[bounds[i]:end].strip()


def alter(span: str, rng: random.Random) -> str:
    """A light paraphrase: a word substituted every ~12 words, case and punctuation changes, re-wrap."""
    words = span.split()
    out = []
    for j, w in enumerate(words):
        r = rng.random()
        if j and r < 1 / 12:
            w = rng.choice(["the", "this", "our", "a", "its", "some", "every", "that"])
        elif r < 0.15:
            w = w.upper() if rng.random() < 0.5 else w.capitalize()
        elif r < 0.25:
            w = w.strip(".,;:()[]{}\"'")
            if not w:
                continue
        out.append(w)
    lines, line = [], []
    for w in out:
        line.append(w)
        if len(line) >= rng.randint(6, 14):
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\n".join(lines)


def heldout_models(real: Path, mb: float, seed: int) -> tuple[Markov, Markov, float]:
    """Markov chains trained on real files of the machine that are NOT in the real corpus, so the
    fresh part of a query is new text in the corpus' style (bar shared boilerplate)."""
    with open(real, encoding="utf-8") as f:
        taken = {json.loads(line)["id"] for line in f}
    prose, code = Markov(0.25), Markov(0.25)
    got = {"prose": 0, "code": 0}
    for rec in real_documents(total_mb=120, max_file_kb=256, seed=seed):
        if rec["id"] in taken:
            continue
        kind = "code" if rec["source"] in ("stdlib", "site-packages") else "prose"
        if got[kind] >= mb * MB / 2:
            if all(v >= mb * MB / 2 for v in got.values()):
                break
            continue
        (code if kind == "code" else prose).train(rec["text"])
        got[kind] += len(rec["text"])
    prose.freeze()
    code.freeze()
    return prose, code, 0.5


def make_queries(jsonl: Path, real: Path, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    prose, code, code_share = heldout_models(real, 6, seed)
    info = corpus_stats(jsonl)
    docs = sample_documents(jsonl, info["documents"], n * 2, rng)
    queries = []
    d = 0
    for q in range(n):
        kind = ("fresh", "verbatim", "altered")[q % 3]
        plants = []
        if kind != "fresh":
            for _ in range(rng.randint(1, 3)):
                span = take_span(docs[d % len(docs)]["text"], rng.randint(25, 150), rng)
                plants.append({"doc": docs[d % len(docs)]["id"], "text": span if kind == "verbatim" else alter(span, rng)})
                d += 1
        planted_words = sum(len(p["text"].split()) for p in plants)
        model = code if rng.random() < code_share else prose
        filler, _ = model.generate(rng, max(QUERY_WORDS - planted_words, 10))
        fw = filler.split(" ")
        # plants go between filler words, at random places
        cuts = sorted(rng.randrange(len(fw)) for _ in plants)
        pieces, last = [], 0
        for cut, p in zip(cuts, plants):
            pieces.append(" ".join(fw[last:cut]))
            pieces.append(p["text"])
            last = cut
        pieces.append(" ".join(fw[last:]))
        text = "\n".join(x for x in pieces if x)
        # filler + plants = about QUERY_WORDS words (the filler is generated to make up the rest)
        queries.append({"kind": kind, "text": text, "words": len(text.split()),
                        "plants": [p["text"] for p in plants], "plant_docs": [p["doc"] for p in plants]})
    return queries


# ---------------------------------------------------------------------------------------------
# the query process
# ---------------------------------------------------------------------------------------------

CHILD = r"""
import json, resource, sys, time
def rss():
    out = {}
    for line in open('/proc/self/status'):
        if line.startswith(('VmRSS', 'RssAnon', 'RssFile', 'VmHWM')):
            k, v = line.split(':')
            out[k] = int(v.split()[0]) * 1024
    return out
t0 = time.perf_counter()
from clearance.index import Index, SearchOptions
ix = Index(sys.argv[1])
opts = SearchOptions(code=sys.argv[4] == 'code')
budget = float(sys.argv[5])
limit = int(sys.argv[6])
import signal
class Slow(Exception):
    pass
def _alarm(*a):
    raise Slow()
signal.signal(signal.SIGALRM, _alarm)
def search(text):
    # a query still running after `limit` seconds is stopped and counted as taking `limit` s
    signal.alarm(limit)
    try:
        return ix.search(text, opts), False
    except Slow:
        return [], True
    finally:
        signal.alarm(0)
open_s = time.perf_counter() - t0
qs = json.load(open(sys.argv[2]))
warm = int(sys.argv[3])
after_open = rss()
for q in qs[:warm]:
    search(q['text'])
started = time.perf_counter()
lat, found, matches_per_q, censored = [], [], [], 0
for q in qs[warm:]:
    if time.perf_counter() - started > budget:
        break
    t = time.perf_counter()
    ms, cut = search(q['text'])
    censored += cut
    lat.append(time.perf_counter() - t)
    matches_per_q.append(len(ms))
    spans = [(m.start, m.end) for m in ms]
    hit = []
    for p in q['plants']:
        a = q['text'].find(p)
        b = a + len(p)
        hit.append(any(s < b and a < e for s, e in spans))
    found.append(hit)
end = rss()
print(json.dumps({'open_seconds': open_s, 'censored': censored, 'latencies': lat, 'found': found, 'matches': matches_per_q,
                  'kinds': [q['kind'] for q in qs[warm:]][:len(lat)], 'plant_words': [[len(p.split()) for p in q['plants']] for q in qs[warm:]][:len(lat)],
                  'rss_after_open': after_open, 'rss_end': end,
                  'peak_rss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = (len(s) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run_queries(index: Path, queries: list[dict], warmup: int, work: Path, code: bool, budget: float,
                limit: int = 60) -> dict:
    qfile = work / f"queries-{index.name}.json"
    qfile.write_text(json.dumps(queries))
    r = subprocess.run([str(VENV_PY), "-c", CHILD, str(index), str(qfile), str(warmup),
                        "code" if code else "words", str(budget), str(limit)], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"query process failed:\n{r.stderr[-3000:]}")
    d = json.loads(r.stdout.strip().splitlines()[-1])
    lat = [x * 1000 for x in d["latencies"]]
    out = {
        "queries": len(lat), "warmup": warmup, "stopped_at_limit": d["censored"], "limit_s": limit, "channels": "words+code" if code else "words only",
        "median_ms": round(pct(lat, 50), 2), "p90_ms": round(pct(lat, 90), 2),
        "p99_ms": round(pct(lat, 99), 2), "max_ms": round(max(lat), 2), "mean_ms": round(sum(lat) / len(lat), 2),
        "open_seconds": round(d["open_seconds"], 3),
        "peak_rss_MiB": round(d["peak_rss"] / 2**20),
        "rss_end_MiB": {k: round(v / 2**20) for k, v in d["rss_end"].items()},
        "rss_after_open_MiB": {k: round(v / 2**20) for k, v in d["rss_after_open"].items()},
    }
    by_kind: dict[str, list[float]] = {}
    for k, x in zip(d["kinds"], lat):
        by_kind.setdefault(k, []).append(x)
    out["median_ms_by_kind"] = {k: round(pct(v, 50), 2) for k, v in by_kind.items()}
    out["p99_ms_by_kind"] = {k: round(pct(v, 99), 2) for k, v in by_kind.items()}
    recall: dict[str, list[int]] = {}
    for k, hits, words in zip(d["kinds"], d["found"], d["plant_words"]):
        for h, w in zip(hits, words):
            key = f"{k}>=30w" if w >= 30 else f"{k}<30w"
            recall.setdefault(key, [0, 0])
            recall[key][0] += int(h)
            recall[key][1] += 1
    out["plants_found"] = {k: f"{a}/{b}" for k, (a, b) in sorted(recall.items())}
    out["matches_per_query_mean"] = round(sum(d["matches"]) / len(d["matches"]), 2)
    out["_latencies_ms"] = [round(x, 3) for x in lat]
    return out


# ---------------------------------------------------------------------------------------------

def project(rows: list[dict], target_words: int = 10**9) -> dict:
    """1B words from the two largest measurements: size linear in words; latency extrapolated
    with a power law through the two points (``t ~ words**alpha``), which is pessimistic when the
    growth is really logarithmic (postings look-ups) and right when it is per-shard linear."""
    a, b = rows[-2], rows[-1]
    per_word = b["index_bytes"] / b["words"]
    out = {"index_bytes_per_word": round(per_word, 2),
           "index_GB_at_1B": round(per_word * target_words / 1e9, 1),
           "text_GB_at_1B": round(b["text_bytes"] / b["words"] * target_words / 1e9, 1)}
    for key in ("median_ms", "p99_ms"):
        ya, yb = a["query"][key], b["query"][key]
        alpha = math.log(yb / ya) / math.log(b["words"] / a["words"]) if ya > 0 and yb > 0 else 0.0
        out[f"{key}_alpha"] = round(alpha, 3)
        out[f"{key}_at_1B"] = round(yb * (target_words / b["words"]) ** alpha, 1)
    anon = b["query"]["rss_end_MiB"].get("RssAnon", 0)
    anon_a = a["query"]["rss_end_MiB"].get("RssAnon", 0)
    out["anon_rss_MiB_measured"] = [anon_a, anon]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", type=Path, help="JSONL corpora, smallest first")
    ap.add_argument("--real", type=Path, default=ROOT / "bench-data" / "real.jsonl",
                    help="real corpus, to train the generator of fresh query text")
    ap.add_argument("--index-root", type=Path, default=ROOT / "bench-data" / "indexes")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing index instead of rebuilding")
    ap.add_argument("--queries", type=int, default=250, help="timed queries (after the warm-up)")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--modes", default="words,default",
                    help="comma list: 'words' (SearchOptions(code=False)) and/or 'default' (both channels)")
    ap.add_argument("--budget", type=float, default=300, help="seconds of timed queries per mode at most")
    ap.add_argument("--limit", type=int, default=60,
                    help="a query still running after this many seconds is stopped and counted at the limit")
    ap.add_argument("--cached", action="store_true",
                    help="reuse a corpus' results (query-<name>.json) from an earlier run when present")
    ap.add_argument("--results", type=Path, default=ROOT / "bench-out" / "perf")
    args = ap.parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)
    args.index_root.mkdir(parents=True, exist_ok=True)

    rows = []
    for jsonl in args.corpora:
        name = jsonl.name.removesuffix(".jsonl")
        index = args.index_root / name
        cached = args.results / f"query-{name}.json"
        if args.cached and cached.exists():
            rows.append(json.loads(cached.read_text()))
            print(f"{name}: reusing {cached}", file=sys.stderr)
            continue
        info = corpus_stats(jsonl)
        row: dict = {"src": src_fingerprint(), "corpus": str(jsonl), **info}
        if args.reuse and (index / "manifest.json").exists():
            row["build"] = {"reused": True}
        else:
            print(f"building {index} ...", file=sys.stderr)
            b = build_ours(jsonl, index, timeout=None)
            if b["rc"] != 0:
                raise SystemExit(f"build failed:\n{b['output_tail']}")
            row["build"] = {"seconds": round(b["seconds"], 1), "peak_rss_MiB": round(b["peak_rss"] / 2**20),
                            "how": b["how"]}
            print(f"  built in {b['seconds']:.1f}s, peak RSS {b['peak_rss'] / 2**20:.0f} MiB", file=sys.stderr)
        sizes = dir_bytes(index)
        row["index_bytes"] = sum(sizes.values())
        row["index_files"] = sizes
        row["index_bytes_per_text_byte"] = round(row["index_bytes"] / info["text_bytes"], 3)
        manifest = json.loads((index / "manifest.json").read_text())
        row["shards"] = len(manifest["shards"])
        t0 = time.perf_counter()
        qcache = args.results / f"queries-{name}.json"
        if args.cached and qcache.exists() and len(json.loads(qcache.read_text())) == args.queries + args.warmup:
            queries = json.loads(qcache.read_text())
        else:
            queries = make_queries(jsonl, args.real, args.queries + args.warmup, args.seed)
        row["query_words_mean"] = round(sum(q["words"] for q in queries) / len(queries))
        print(f"  {len(queries)} queries made in {time.perf_counter() - t0:.0f}s "
              f"(mean {row['query_words_mean']} words); querying ...", file=sys.stderr)
        row["modes"] = {}
        for mode in args.modes.split(","):
            q = run_queries(index, queries, args.warmup if mode == "words" else min(args.warmup, 2),
                            args.results, mode == "default", args.budget, args.limit)
            row["modes"][mode] = q
            print(f"  {name} [{mode}]: {q['queries']} queries, median {q['median_ms']} ms, p90 {q['p90_ms']} ms, "
                  f"p99 {q['p99_ms']} ms, peak RSS {q['peak_rss_MiB']} MiB, plants found {q['plants_found']}",
                  file=sys.stderr)
        row["query"] = row["modes"][args.modes.split(",")[0]]
        row["loadavg"] = os.getloadavg()
        rows.append(row)
        (args.results / f"query-{name}.json").write_text(json.dumps(row, indent=2) + "\n")

    summary = {"rows": [{k: v for k, v in r.items() if k != "index_files"} for r in rows]}
    for r in summary["rows"]:
        r["modes"] = {m: {k: v for k, v in q.items() if not k.startswith("_")} for m, q in r["modes"].items()}
        r.pop("query")
    if len(rows) >= 2:
        summary["projection_1B"] = project(rows)
    (args.results / "query-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
