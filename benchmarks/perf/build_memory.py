"""Where the build's memory peaks: RSS of ``clearance index build`` sampled over time, with phase.

Polls the build process' RSS every ``--every`` seconds and notes which phase it is in, judged from
the files of the shard being written (``text.bin`` growing = adding batches; ``*.npy`` appearing =
``ShardWriter.finish``: concatenating, sorting and saving the postings). Prints the peak RSS of
each phase and writes the whole timeline as JSON.

Example::

    python benchmarks/perf/build_memory.py bench-data/synth-10M.jsonl --out /tmp/ix-mem
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "clearance"


def rss_of(pid: int) -> int:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def phase_of(out: Path) -> str:
    shards = list(out.parent.glob(f".{out.name}.building-*/shards/shard-*"))
    if not shards:
        return "reading" if not out.exists() else "done"
    names = {p.name for s in shards for p in s.iterdir()}
    npy = sorted(n for n in names if n.endswith(".npy"))
    if not npy:
        return "add_batch (tokenize, hash, winnow)"
    return f"finish (saved so far: {npy[-1]})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/clearance-mem-ix"))
    ap.add_argument("--every", type=float, default=0.1)
    ap.add_argument("--timeline", type=Path, default=ROOT / "bench-out" / "perf" / "build-memory.json")
    args = ap.parse_args()
    proc = subprocess.Popen([str(CLI), "index", "build", str(args.jsonl), "--out", str(args.out), "--force"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = time.perf_counter()
    timeline = []
    while proc.poll() is None:
        timeline.append((round(time.perf_counter() - t0, 2), rss_of(proc.pid), phase_of(args.out)))
        time.sleep(args.every)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {err[-2000:]}")
    peaks: dict[str, tuple[int, float]] = {}
    for t, rss, phase in timeline:
        key = phase.split(" (saved")[0]
        if rss > peaks.get(key, (0, 0.0))[0]:
            peaks[key] = (rss, t)
    top = max(timeline, key=lambda x: x[1])
    result = {"corpus": str(args.jsonl), "seconds": round(time.perf_counter() - t0, 1),
              "peak_rss_MiB": round(top[1] / 2**20), "peak_at_s": top[0], "peak_phase": top[2],
              "peak_by_phase_MiB": {k: {"rss": round(v / 2**20), "at_s": t} for k, (v, t) in peaks.items()},
              "timeline": [(t, round(r / 2**20), p) for t, r, p in timeline]}
    args.timeline.parent.mkdir(parents=True, exist_ok=True)
    args.timeline.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "timeline"}, indent=2))


if __name__ == "__main__":
    main()
