"""End-to-end throughput of ``clearance curate`` with every step on (license detection, opt-out,
policy, PII redaction, exact + near dedup, outputs) on synthetic 5 KB documents.

    .venv/bin/python benchmarks/curate/bench_pipeline.py --documents 20000 --workers 2

The corpus: word soup from a 5,000-word vocabulary (so near-duplicate candidates are rare, as in
real text), one document in 10 an exact copy and one in 20 a near copy of an earlier one, licenses
drawn from a realistic mix (a quarter unstated), an e-mail and a phone number in one in 5 documents,
URLs on 50 hosts with robots.txt files, and a user opt-out list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

LICENSES = ["MIT", "CC-BY-4.0", "CC0-1.0", "Apache-2.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", None, None]


def make_corpus(folder: Path, n: int, size: int, seed: int) -> Path:
    rng = random.Random(seed)
    vocab = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{rng.choice('nrstlm')}{i % 97}" for i in range(5000)]
    texts: list[str] = []
    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            roll = rng.random()
            if texts and roll < 0.10:
                text = rng.choice(texts)
            elif texts and roll < 0.15:
                words = rng.choice(texts).split(" ")
                for _ in range(len(words) // 30):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                text = " ".join(words)
            else:
                words = []
                length = 0
                while length < size:
                    word = rng.choice(vocab)
                    words.append(word)
                    length += len(word) + 1
                if rng.random() < 0.2:
                    words.insert(rng.randrange(len(words)), f"mail{i}@example-mail.com call +1 415 555 {i % 10000:04d}")
                text = " ".join(words)
            if len(texts) < 2000:
                texts.append(text)
            record = {"id": f"d{i}", "text": text, "url": f"https://host{i % 50}.example.org/p/{i}"}
            license_ = rng.choice(LICENSES)
            if license_:
                record["license"] = license_
            out.write(json.dumps(record) + "\n")
    for h in range(50):
        site = folder / "sites" / f"host{h}.example.org"
        site.mkdir(parents=True)
        rules = "User-agent: GPTBot\nDisallow: /p/1\n" if h % 10 == 0 else "User-agent: *\nAllow: /\n"
        (site / "robots.txt").write_text(rules, encoding="utf-8")
    (folder / "optout.txt").write_text("domain: host7.example.org\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--size", type=int, default=5000, help="characters per document")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=2000)
    parser.add_argument("--executor", default="local")
    args = parser.parse_args()
    from clearance.curate import parse_config, run_curate

    folder = Path(tempfile.mkdtemp(prefix="curate-bench-"))
    try:
        corpus = make_corpus(folder, args.documents, args.size, seed=1)
        megabytes = corpus.stat().st_size / 1e6
        config = parse_config(f"""
[run]
output = "out"
shard_size = {args.shard_size}
workers = {args.workers}
executor = "{args.executor}"
[[input]]
path = "corpus.jsonl"
[license]
profile = "open-definition"
[optout]
sites = "sites"
user_list = "optout.txt"
""", str(folder / "bench.toml"), folder)
        start = time.perf_counter()
        summary = run_curate(config)
        seconds = time.perf_counter() - start
        print(json.dumps({
            "documents": summary.documents, "megabytes": round(megabytes, 1), "workers": args.workers,
            "executor": args.executor, "seconds": round(seconds, 2), "docs_per_s": round(summary.documents / seconds),
            "mb_per_s": round(megabytes / seconds, 2), "kept": summary.kept, "drop_codes": summary.drop_codes,
            "load_average": os.getloadavg(),
        }, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
