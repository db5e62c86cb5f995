"""Detection evaluation: gather a corpus, index it, check simulated outputs, grade the matches.

    python benchmarks/detection/run_eval.py --size-mb 20 --outputs 2000 --seed 1 \
        --out bench-out/detection.json

Prints recall per alteration, precision, license correctness, negative-output false
positives, query latency and build time against the quality bar's targets, and writes them
all (with examples of misses) as JSON. See ``docs/bench/detection.md``.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks.detection`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson
from rich.console import Console
from rich.table import Table

import clearance
from clearance.index import Index, SearchOptions, build_index

from benchmarks.detection.corpora import Corpus, gather_corpus, parse_mix
from benchmarks.detection.plant import Output, OutputFactory
from benchmarks.detection.scoring import (
    TARGETS,
    Grader,
    MatchResult,
    PlantResult,
    false_examples,
    grade_matches,
    misses,
    summarize,
)


@dataclass(frozen=True, slots=True)
class Config:
    size_mb: float = 20.0
    outputs: int = 2000
    seed: int = 1
    mix: str | None = None
    negative_share: float = 0.2
    work: Path | None = None  # index directory parent; a temporary one when None
    dump: Path | None = None  # write every output, its ground truth and its matches here (JSONL)


def run(config: Config, console: Console | None = None) -> dict[str, Any]:
    """The whole evaluation; returns the report (also what the test asserts on)."""
    say = console.log if console else (lambda *a, **k: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    corpus = gather_corpus(config.size_mb, config.seed, parse_mix(config.mix))
    timings["gather_s"] = time.perf_counter() - clock
    say(f"corpus: {len(corpus.documents)} documents, {sum(len(d.text) for d in corpus.documents):,} chars")
    work = Path(config.work) if config.work else Path(tempfile.mkdtemp(prefix="detection-"))
    try:
        report = _evaluate(corpus, config, work / "index", timings, say)
    finally:
        if config.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report["corpus"] = corpus.stats
    report["config"] = {"size_mb": config.size_mb, "outputs": config.outputs, "seed": config.seed,
                        "mix": parse_mix(config.mix), "negative_share": config.negative_share}
    report["machine"] = machine()
    report["source"] = source_version()
    return report


def _evaluate(corpus: Corpus, config: Config, index_dir: Path, timings: dict[str, float], say: Any) -> dict[str, Any]:
    clock = time.perf_counter()
    build_index(corpus.documents, index_dir, force=True)
    timings["build_s"] = time.perf_counter() - clock
    say(f"index built in {timings['build_s']:.1f} s")
    clock = time.perf_counter()
    factory = OutputFactory(corpus, config.seed)
    outputs = factory.outputs(config.outputs, config.negative_share)
    timings["outputs_s"] = time.perf_counter() - clock
    say(f"{len(outputs)} outputs, {sum(len(o.plants) for o in outputs)} plants "
        f"({factory.filler_rejected} filler sentences rejected for sharing 8 words with the index)")
    plants, matches, latencies = _check(index_dir, outputs, Grader(corpus.by_id()), config.dump, say)
    report = summarize(plants, matches, outputs)
    report["timing"] = _timing(timings, latencies, outputs)
    report["misses"] = misses(plants)
    report["false_matches"] = false_examples(matches)
    return report


def _check(
    index_dir: Path, outputs: list[Output], grader: Grader, dump: Path | None, say: Any
) -> tuple[list[PlantResult], list[MatchResult], list[float]]:
    """Search every output with the default options, timing each query, and grade the matches."""
    plants: list[PlantResult] = []
    matches: list[MatchResult] = []
    latencies: list[float] = []
    options = SearchOptions()
    with Index(index_dir) as index, open(dump, "wb") if dump else nullcontext() as sink:
        for number, output in enumerate(outputs, 1):
            if number % 500 == 0:
                say(f"checked {number} outputs")
            clock = time.perf_counter()
            found = index.search(output.text, options)
            latencies.append(time.perf_counter() - clock)
            plants += [grader.plant(output, p, found) for p in output.plants]
            matches += grade_matches(grader, output, found)
            if sink:
                sink.write(orjson.dumps({**output.to_json(), "matches": [m.to_json() for m in found]}) + b"\n")
    return plants, matches, latencies


def _timing(timings: dict[str, float], latencies: list[float], outputs: list[Output]) -> dict[str, Any]:
    slowest = sorted(range(len(outputs)), key=lambda i: -latencies[i])[:5]
    return {
        **{k: round(v, 3) for k, v in timings.items()},
        "query_median_ms": round(1000 * statistics.median(latencies), 2),
        "query_p99_ms": round(1000 * _percentile(latencies, 0.99), 2),
        "query_max_ms": round(1000 * max(latencies), 2),
        "output_chars_mean": round(statistics.fmean(len(o.text) for o in outputs)),
        "slowest": [{"output_id": outputs[i].id, "ms": round(1000 * latencies[i], 1),
                     "chars": len(outputs[i].text)} for i in slowest],
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def machine() -> dict[str, Any]:
    """What the numbers were measured on (CPU count as the process sees it, memory)."""
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def source_version() -> dict[str, Any]:
    """Which ``clearance`` was measured: the commit, and whether ``src/`` had local changes."""
    root = Path(__file__).resolve().parents[2]

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    module = Path(clearance.__file__).resolve()
    if root / "src" not in module.parents:  # e.g. PYTHONPATH=<snapshot of a commit>/src
        return {"module": str(module), "commit": None, "src_changes": []}
    return {"module": str(module), "commit": git("rev-parse", "HEAD") or None,
            "src_changes": git("status", "--porcelain", "--", "src").splitlines()}


# --------------------------------------------------------------------------- printing


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _verdict(value: float | None, target: float | None) -> str:
    if target is None or value is None:
        return ""
    return "[green]pass[/]" if value >= target else "[red]FAIL[/]"


def print_report(report: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Detection recall (seed {report['config']['seed']}, {report['config']['size_mb']} MB)")
    for column in ("alteration", "plants", "found", "recall", "coverage", "detected", "target", ""):
        if column == "alteration":
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, justify="right")
    for name, row in report["recall"].items():
        table.add_row(name, str(row["plants"]), str(row["found"]), _fmt(row["recall"]), _fmt(row["mean_coverage"]),
                      _fmt(row["detected"]), _fmt(row["target"]), _verdict(row["recall"], row["target"]))
    console.print(table)
    sources = Table(title="Recall by corpus source (all alterations)")
    for name in report["recall_by_source"]:
        sources.add_column(name, justify="right")
    sources.add_row(*(f"{_fmt(r['recall'])} ({r['plants']})" for r in report["recall_by_source"].values()))
    console.print(sources)
    p, lic, neg, t = report["precision"], report["license"], report["negative_outputs"], report["timing"]
    summary = Table(title="Precision, license, negatives, speed")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    summary.add_column("target", justify="right")
    summary.add_column("")
    summary.add_row("precision (cited doc holds the text)", f"{_fmt(p['precision'])} ({p['correct']}/{p['matches']})",
                    _fmt(TARGETS["precision"]), _verdict(p["precision"], TARGETS["precision"]))
    summary.add_row("  matches off plants, true copies", str(p["off_plants_true_copies"]), "", "")
    summary.add_row("license right (found plants)", f"{_fmt(lic['rate'])} ({lic['right']}/{lic['found_plants']})",
                    _fmt(TARGETS["license"]), _verdict(lic["rate"], TARGETS["license"]))
    summary.add_row("  strict: the planted document's license", _fmt(lic["strict_rate"]), "", "")
    summary.add_row("  cited another holder (other license)",
                    f"{lic['cited_other_holder']} ({lic['cited_other_holder_other_license']})", "", "")
    summary.add_row("negative outputs with a false match", f"{_fmt(neg['false_positive_rate'])} "
                    f"({neg['with_false_match']}/{neg['outputs']})", "", "")
    summary.add_row("negative outputs with any match", f"{_fmt(neg['any_match_rate'])}", "", "")
    summary.add_row("query latency median / p99", f"{t['query_median_ms']} / {t['query_p99_ms']} ms", "", "")
    summary.add_row("gather / build / outputs", f"{t['gather_s']:.1f} / {t['build_s']:.1f} / {t['outputs_s']:.1f} s", "", "")
    console.print(summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--outputs", type=int, default=2000, help="simulated outputs (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", default=None, help="corpus shares, e.g. prose=0.45,code=0.4,generated=0.15")
    parser.add_argument("--negative-share", type=float, default=0.2, help="outputs with no plant")
    parser.add_argument("--work", type=Path, default=None, help="keep the index here (default: temporary)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/detection.json"))
    parser.add_argument("--dump", type=Path, default=None, help="write outputs, truth and matches (JSONL)")
    args = parser.parse_args(argv)
    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid> prints where a slow run is
    console = Console(width=None if sys.stdout.isatty() else 110)
    config = Config(args.size_mb, args.outputs, args.seed, args.mix, args.negative_share, args.work, args.dump)
    report = run(config, console)
    print_report(report, console)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    console.log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
