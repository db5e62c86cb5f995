"""Opt-out benchmark: robots.txt parsing against ``urllib.robotparser`` and ``protego`` (speed and
agreement on the same files and queries), and ``OptOutChecker.check`` throughput on 1 and 2 cores.

    python -m benchmarks.optout.run_bench --sites 3000 --docs 200000 --workers 2 \\
        --out bench-out/optout.json

* robots: every generated robots.txt parsed by each library (best of ``--repeat``, µs per file),
  then the same (agent, URL) queries asked of each (µs per query, parse excluded); agreement is
  the share of queries where a peer answers as clearance does, with the disagreements counted by
  cause (wildcard or ``$`` rule involved, rule order, agent name matching) and a sample kept;
* check: documents with 5 KB texts, URLs spread over the hosts (Zipf-like), page headers and meta
  tags, and a 3,000-entry user list including content hashes; docs/s cold (site files parsed as
  hosts first appear) and warm, in one process and in ``--workers`` forked processes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.robotparser import RobotFileParser

from rich.progress import track

from benchmarks.optout.sitegen import make_sites, make_texts, page_meta, random_path, user_list_text, write_sites
from clearance.curate.optout import OptOutChecker, default_training_agents, parse_robots, url_path
from clearance.curate.optout.patterns import compile_pattern
from clearance.documents import Document

try:
    from protego import Protego
except ImportError:  # the bench extra installs it
    Protego = None

_BLANK_IN_AGENTS = re.compile(r"(?im)^user-agent:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)+[ \t]*user-agent:")
QUERY_AGENTS = ["GPTBot", "CCBot", "ClaudeBot", "Google-Extended", "Bytespider", "Googlebot", "SomeOtherBot"]


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _cause(text: str, agent: str, path: str) -> str:
    """Why a peer may answer differently: the rule kinds in the group this agent obeys."""
    ruleset = parse_robots(text, "r").ruleset(agent)
    matching = [r for r in ruleset.rules if r.pattern.matches(path)]
    if any("*" in r.pattern.text or r.pattern.text.endswith("$") for r in ruleset.rules):
        return "wildcard or $ rule in the group"
    if _BLANK_IN_AGENTS.search(text):
        return "blank line between user-agent lines (urllib ends the group there, RFC 9309 does not)"
    if len({r.allow for r in matching}) > 1:
        return "allow and disallow both match (order vs longest)"
    if any(ord(c) > 127 or "%" in c for r in ruleset.rules for c in r.pattern.text):
        return "percent-encoding"
    return "agent matching"


def bench_robots(sites, repeat: int, seed: int) -> dict:
    rng = random.Random(seed)
    texts = [s.robots for s in sites]
    queries = [[(agent, f"https://{s.host}{random_path(rng)}") for agent in QUERY_AGENTS for _ in range(3)]
               for s in sites]
    n_queries = sum(map(len, queries))
    results: dict = {"files": len(texts), "queries": n_queries, "bytes": sum(len(t.encode()) for t in texts)}

    ours = [parse_robots(t, "robots.txt") for t in texts]

    def parse_cold():  # the pattern cache starts empty on every pass: only reuse within the files
        compile_pattern.cache_clear()
        return [parse_robots(t, "robots.txt") for t in texts]

    parse_s = _best(parse_cold, repeat)

    def ask_ours():
        return [ours[i].ruleset(agent).allowed(url_path(url)) for i, qs in enumerate(queries) for agent, url in qs]

    # rulesets are cached per file after the first query: time both the first and a repeated pass
    fresh = [parse_robots(t, "robots.txt") for t in texts]
    start = time.perf_counter()
    [fresh[i].ruleset(agent).allowed(url_path(url)) for i, qs in enumerate(queries) for agent, url in qs]
    first_query_s = time.perf_counter() - start
    answers = ask_ours()
    query_s = _best(ask_ours, repeat)
    results["clearance"] = {"parse_us_per_file": 1e6 * parse_s / len(texts),
                            "query_us": 1e6 * query_s / n_queries,
                            "first_query_us": 1e6 * first_query_s / n_queries,
                            "disallowed_share": answers.count(False) / n_queries}

    def parse_urllib():
        out = []
        for t in texts:
            rp = RobotFileParser()
            rp.parse(t.splitlines())
            out.append(rp)
        return out

    peers = {"urllib.robotparser": (parse_urllib, lambda rp, agent, url: rp.can_fetch(agent, url))}
    if Protego is not None:
        peers["protego"] = (lambda: [Protego.parse(t) for t in texts],
                            lambda rp, agent, url: rp.can_fetch(url, agent))
    for name, (parse_all, ask) in peers.items():
        parsed = parse_all()
        peer_parse_s = _best(parse_all, repeat)

        def ask_peer(parsed=parsed, ask=ask):
            return [ask(parsed[i], agent, url) for i, qs in enumerate(queries) for agent, url in qs]

        peer_answers = ask_peer()
        peer_query_s = _best(ask_peer, repeat)
        causes: Counter[str] = Counter()
        examples: list[dict] = []
        k = 0
        for i, qs in enumerate(queries):
            for agent, url in qs:
                if peer_answers[k] != answers[k]:
                    cause = _cause(texts[i], agent, url_path(url))
                    causes[cause] += 1
                    if len(examples) < 8:
                        examples.append({"file": i, "agent": agent, "url": url, "clearance": answers[k],
                                         name: peer_answers[k], "cause": cause})
                k += 1
        agree = sum(a == b for a, b in zip(answers, peer_answers, strict=True)) / n_queries
        results[name] = {"parse_us_per_file": 1e6 * peer_parse_s / len(texts), "query_us": 1e6 * peer_query_s / n_queries,
                         "agreement": agree, "disagreements": sum(causes.values()), "causes": dict(causes),
                         "examples": examples,
                         "parse_ratio_peer_over_clearance": peer_parse_s / parse_s,
                         "query_ratio_peer_over_clearance": peer_query_s / query_s}
    return results


# -- check() throughput -----------------------------------------------------------------------------

_DOCS: list[Document] = []
_SETUP: tuple[Path, Path] | None = None


def make_docs(sites, n: int, text_pool: list[str], seed: int) -> list[Document]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(sites))]  # Zipf-like: big hosts have more pages
    hosts = rng.choices(sites, weights, k=n)
    docs = []
    for i, site in enumerate(hosts):
        headers, meta = page_meta(rng)
        docs.append(Document(id=str(i), text=rng.choice(text_pool), url=f"https://{site.host}{random_path(rng)}",
                             author=f"Author {rng.randint(0, 5000)}",
                             meta={"http_headers": headers, "html_meta": meta, "format": "html"}))
    return docs


def _timed_check(bounds: tuple[int, int]) -> tuple[int, int, float]:
    assert _SETUP is not None
    checker = OptOutChecker(_SETUP[0], _SETUP[1])
    start = time.perf_counter()
    opted = sum(checker.check(doc).opted_out for doc in _DOCS[bounds[0]:bounds[1]])
    return bounds[1] - bounds[0], opted, time.perf_counter() - start


def bench_check(sites, n_docs: int, workers: int, seed: int, work: Path) -> dict:
    global _SETUP
    root = work / "sites"
    write_sites(sites, root)
    text_pool = make_texts(1000, 5000, seed)
    user_list = work / "optout.txt"
    user_list.write_text(user_list_text(sites, text_pool, seed), encoding="utf-8")
    _DOCS[:] = make_docs(sites, n_docs, text_pool, seed)
    _SETUP = (root, user_list)

    checker = OptOutChecker(root, user_list)
    start = time.perf_counter()
    results = [checker.check(doc) for doc in track(_DOCS, description="check (cold)", transient=True)]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for doc in _DOCS:
        checker.check(doc)
    warm = time.perf_counter() - start
    kinds: Counter[str] = Counter(s.kind for r in results for s in r.signals)
    opted = sum(r.opted_out for r in results)

    no_list = OptOutChecker(root, None)
    start = time.perf_counter()
    for doc in _DOCS:
        no_list.check(doc)
    sites_only = time.perf_counter() - start

    context = multiprocessing.get_context("fork")
    step = -(-len(_DOCS) // workers)
    chunks = [(i, min(i + step, len(_DOCS))) for i in range(0, len(_DOCS), step)]
    start = time.perf_counter()
    with context.Pool(workers) as pool:
        parts = pool.map(_timed_check, chunks)
    parallel_wall = time.perf_counter() - start
    return {
        "docs": len(_DOCS), "hosts": len(sites), "text_bytes": 5000, "user_list_entries": 3000,
        "opted_out": opted, "signals_by_kind": dict(kinds),
        "one_process_cold_docs_per_s": len(_DOCS) / cold,
        "one_process_warm_docs_per_s": len(_DOCS) / warm,
        "one_process_no_user_list_docs_per_s": len(_DOCS) / sites_only,
        "workers": workers,
        "parallel_cold_docs_per_s_wall": len(_DOCS) / parallel_wall,
        "parallel_worker_check_seconds": [p[2] for p in parts],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip", choices=["robots", "check"], default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    sites = make_sites(args.sites, args.seed)
    report: dict = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_before": os.getloadavg()},
        "args": vars(args) | {"out": str(args.out)}, "default_agents": len(default_training_agents()),
    }
    if args.skip != "robots":
        report["robots"] = bench_robots(sites, args.repeat, args.seed)
        print(json.dumps(report["robots"], indent=1, default=str)[:4000])
    if args.skip != "check":
        with tempfile.TemporaryDirectory() as tmp:
            report["check"] = bench_check(sites, args.docs, args.workers, args.seed, Path(tmp))
        print(json.dumps(report["check"], indent=1))
    report["machine"]["load_after"] = os.getloadavg()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
