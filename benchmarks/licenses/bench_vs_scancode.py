"""clearance's license-file detection against scancode-toolkit on the same real files.

Run ``collect_corpus.py`` first, then scancode on its ``files/`` folder (see
docs/bench/license-detection.md for the exact commands), then:

    python benchmarks/licenses/bench_vs_scancode.py CORPUS_DIR [--workers 2]

Agreement is measured where scancode is confident: it detected at least one license, no
``unknown`` key, and every match scored at least ``--min-score``. A file agrees when both tools
name the same set of license ids (exceptions included; ``-only``/``-or-later`` kept apart).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from clearance.licenses.detect.files import detect_license_file

# ScanCode spellings of licenses that clearance names with its own LicenseRef ids.
EQUIVALENT = {"licenseref-scancode-public-domain": "licenseref-public-domain",
              "licenseref-scancode-gpl-generic": "licenseref-gpl-unversioned",
              "licenseref-scancode-lgpl-generic": "licenseref-lgpl-unversioned",
              "licenseref-scancode-proprietary-license": "licenseref-proprietary"}
_SPLIT = re.compile(r"\s+(?:AND|OR|WITH)\s+|[()]", re.IGNORECASE)


def keys(expression: str) -> frozenset[str]:
    found = {k.strip().lower() for k in _SPLIT.split(expression or "") if k.strip()}
    return frozenset(EQUIVALENT.get(k, k) for k in found)


def _detect(args: tuple[str, str]) -> tuple[str, list[str]]:
    """Read and detect one file: the work a repository reader does per license file."""
    name, path = args
    text = Path(path).read_bytes().decode("utf-8", "replace")
    return name, [f.spdx for f in detect_license_file(name, text)]


def detect_all(paths: list[tuple[str, str]], workers: int) -> tuple[dict[str, list[str]], float]:
    start = time.perf_counter()
    if workers == 1:
        results = [_detect(p) for p in paths]
    else:
        with Pool(workers) as pool:
            results = pool.map(_detect, paths, chunksize=16)
    elapsed = time.perf_counter() - start
    return dict(results), elapsed


def missing_category(key: str, name: str, corpus: Path, scan_items: dict[str, dict]) -> str:
    """Why scancode has a license clearance lacks, read from where scancode matched it."""
    if key.startswith("licenseref-scancode-"):
        return "scancode's own key (no SPDX id)"
    lines = (corpus / "files" / name).read_bytes().decode("utf-8", "replace").splitlines()
    spans = [(m["start_line"], m["end_line"]) for d in scan_items[name].get("license_detections", [])
             for m in d.get("matches", []) if key in keys(m.get("license_expression_spdx") or "")]
    texts = [" ".join(lines[a - 1: b]) for a, b in spans]
    if texts and all("common-licenses" in t for t in texts):
        return "pointer to /usr/share/common-licenses (scancode names the text pointed to)"
    if key.endswith("exception") or "-exception-" in key:
        return "exception text (no SPDX exception texts shipped)"
    return "other"


def scancode_items(path: Path) -> dict[str, dict]:
    return {Path(item["path"]).name: item for item in json.loads(path.read_text())["files"] if item["type"] == "file"}


def scancode_results(path: Path, min_score: float) -> dict[str, tuple[str, bool]]:
    """File name -> (scancode's SPDX expression, confident?)."""
    out: dict[str, tuple[str, bool]] = {}
    for item in json.loads(path.read_text())["files"]:
        if item["type"] != "file":
            continue
        expression = item.get("detected_license_expression_spdx") or ""
        scores = [m["score"] for d in item.get("license_detections", []) for m in d.get("matches", [])]
        confident = bool(expression) and "unknown" not in expression.lower() and min(scores, default=0) >= min_score
        out[Path(item["path"]).name] = (expression, confident)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--min-score", type=float, default=90.0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the fastest is reported")
    args = parser.parse_args()
    rows = [line.split("\t") for line in (args.corpus / "manifest.tsv").read_text().splitlines()[1:] if line]
    group = {name: g for name, g, _ in rows}
    paths = [(name, str(args.corpus / "files" / name)) for name, _, _ in rows]
    detect_all(paths[:20], 1)  # load the reference index outside the timing, as a long run would
    times = []
    for _ in range(args.repeat):
        ours, elapsed = detect_all(paths, args.workers)
        times.append(elapsed)
    scan = scancode_results(args.corpus / "scancode.json", args.min_score)
    per_group: dict[str, Counter] = {}
    disagreements = []
    for name, _ in paths:
        expression, confident = scan.get(name, ("", False))
        counter = per_group.setdefault(group[name], Counter())
        counter["files"] += 1
        if not confident:
            counter["scancode not confident"] += 1
            continue
        counter["confident"] += 1
        mine = frozenset().union(*(keys(s) for s in ours[name])) if ours[name] else frozenset()
        theirs = keys(expression)
        counter["keys both"] += len(mine & theirs)
        counter["keys clearance"] += len(mine)
        counter["keys scancode"] += len(theirs)
        if mine == theirs:
            counter["agree"] += 1
        else:
            disagreements.append({"file": name, "group": group[name], "scancode": expression,
                                  "clearance": " | ".join(ours[name]),
                                  "missing": sorted(theirs - mine), "extra": sorted(mine - theirs)})
    total = Counter()
    for c in per_group.values():
        total.update(c)
    groups = {}
    for g, c in per_group.items():
        groups[g] = {**dict(c), "agreement": c["agree"] / max(c["confident"], 1),
                     "key precision": c["keys both"] / max(c["keys clearance"], 1),
                     "key recall": c["keys both"] / max(c["keys scancode"], 1)}
    license_files = Counter()
    for g in ("python-package", "common-licenses"):
        license_files.update(per_group.get(g, Counter()))
    report = {"files": len(paths), "workers": args.workers, "seconds": min(times), "all_seconds": times,
              "files_per_second": len(paths) / min(times), "groups": groups, "total": dict(total),
              "agreement": total["agree"] / max(total["confident"], 1),
              "agreement_license_files": license_files["agree"] / max(license_files["confident"], 1)}
    items = scancode_items(args.corpus / "scancode.json")
    categories: Counter = Counter()
    for row in disagreements:
        for key in row["missing"]:
            categories[f"missing: {missing_category(key, row['file'], args.corpus, items)}"] += 1
        for key in row["extra"]:
            categories["extra: " + ("same family as a key only scancode reported (variant naming)" if any(
                key.startswith(m.split("-")[0]) for m in row["missing"]) else "not reported by scancode")] += 1
    report["disagreement_keys"] = dict(categories.most_common())
    (args.corpus / "clearance_vs_scancode.json").write_text(json.dumps(report, indent=2))
    (args.corpus / "disagreements.json").write_text(json.dumps(disagreements, indent=1))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
