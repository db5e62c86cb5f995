"""clearance's license-file detection against scancode-toolkit on the same real files.

Run ``collect_corpus.py`` first, then scancode on its ``files/`` folder (see
docs/bench/license-detection.md for the exact commands), then:

    python benchmarks/licenses/bench_vs_scancode.py CORPUS_DIR [--workers 2]

Agreement is measured where scancode is confident: it detected at least one license, none of its
license keys contains ``unknown`` (``unknown``, ``unknown-license-reference``, ``free-unknown`` ...),
and every match of every detection scored at least ``--min-score`` (90). A file agrees when both
tools name the same set of license ids (exceptions included; ``-only``/``-or-later`` kept apart).
scancode keys become SPDX ids through scancode's own license database: its ``spdx_license_key``
(what scancode prints) and its ``other_spdx_license_keys`` (aliases it also accepts).

Three figures, all printed: **raw** (scancode's answer as truth); **artifacts removed**, for Debian
copyright files only: a scancode match that lies on a pointer sentence ("the full text ... can be
found in /usr/share/common-licenses/GPL-3") or on an e-mail address (``bonzini@gnu.org``) does not
count when another scancode match in the file names the same license family (the ``License:``
field the pointer belongs to); and **adjudicated**: ``adjudicated.json`` (license files) and
``debian_adjudicated.json`` (Debian copyright files) replace scancode's answer with the truth read by
hand. The Debian file is meant to hold every Debian file where the two tools disagree (raw or with
artifacts removed); files where both agree are taken as right. The report's ``debian_adjudication``
says how many disagreeing files have no entry yet (a detection change can create new ones): with none
the adjudicated figure is measured over all files, otherwise the read files' share of right answers
is also extrapolated to the unread ones.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import yaml

from clearance.licenses.detect.files import detect_license_file
from clearance.licenses.detect.ids import current_ids
from clearance.licenses.detect.reference import wider_index

# ScanCode spellings of licenses that clearance names with its own LicenseRef ids.
EQUIVALENT = {"licenseref-scancode-public-domain": "licenseref-public-domain",
              "licenseref-scancode-gpl-generic": "licenseref-gpl-unversioned",
              "licenseref-scancode-lgpl-generic": "licenseref-lgpl-unversioned",
              "licenseref-scancode-proprietary-license": "licenseref-proprietary",
              # texts SPDX does not list, which each tool names with its own LicenseRef id
              "licenseref-scancode-ietf": "licenseref-ietf-document",
              "licenseref-scancode-alliance-open-media-patent-1.0": "licenseref-aom-patent-1.0",
              **{f"licenseref-scancode-google-patent-license-{project}": "licenseref-google-patent-grant"
                 for project in ("webrtc", "webm", "golang", "fuchsia", "fuschia")},
              "licenseref-scancode-other-permissive": "licenseref-custom-permissive",
              "licenseref-scancode-gary-s-brown": "licenseref-gary-s-brown",
              "licenseref-scancode-indiana-extreme": "licenseref-indiana-extreme-1.1.1",
              "licenseref-scancode-khronos": "licenseref-khronos",
              "licenseref-scancode-unicode": "licenseref-unicode-old-notice",
              "licenseref-scancode-biopython": "licenseref-biopython",
              "licenseref-scancode-libmng-2007": "licenseref-libmng",
              "licenseref-scancode-blas-2017": "licenseref-blas"}
_SPLIT = re.compile(r"\s+(?:AND|OR|WITH)\s+|[()]", re.IGNORECASE)


_POINTER = re.compile(r"common-licenses|(?:full|complete)\s+text\s+of\b.*\b(?:can\s+be\s+found|is\s+available)",
                      re.IGNORECASE)
_FIELD = re.compile(r"^License:\s*\S", re.IGNORECASE)
#: A match this many lines or more is a notice that may end with a pointer, not the pointer alone.
POINTER_LINES = 3
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SCANCODE_DB = Path("/work/venvs/scancode/lib/python3.11/site-packages/licensedcode/data/licenses")


def keys(expression: str) -> frozenset[str]:
    found = {k.strip().lower() for k in _SPLIT.split(expression or "") if k.strip()}
    return frozenset(EQUIVALENT.get(k, k) for k in found)


def scancode_aliases(db: Path, cache: Path) -> dict[str, str]:
    """Each SPDX id scancode's license database lists as an alias of one of its licenses
    (``other_spdx_license_keys``), lower case, mapped to the id scancode prints for it."""
    if cache.exists():
        return json.loads(cache.read_text())
    aliases: dict[str, str] = {}
    for path in sorted(db.glob("*.LICENSE")):
        head = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) or {}
        main_key = str(head.get("spdx_license_key") or "").lower()
        for other in head.get("other_spdx_license_keys") or []:
            aliases[current_ids(str(other).replace(" ", "-")).lower()] = main_key
    cache.write_text(json.dumps(aliases, indent=0, sort_keys=True))
    return aliases


def family(key: str) -> str:
    """``gpl-3.0-or-later`` -> ``gpl``: the license whatever its version."""
    return re.sub(r"-\d.*$", "", key)


def _body(lines: list[str], field_line: int) -> range:
    """1-based line numbers of the text under the ``License:`` field on ``field_line``."""
    end = field_line
    while end < len(lines) and lines[end][:1] in (" ", "\t"):
        end += 1
    return range(field_line + 1, end + 1)


def artifact_keys(name: str, corpus: Path, item: dict) -> frozenset[str]:
    """scancode keys of a Debian copyright file found only where they are no grant of their own:
    pointer sentences or e-mail addresses, where another match of the file names the same family;
    and ``License:`` short-name lines whose own paragraph text scancode matched as another license
    ("License: Expat" over a BSD-3-Clause text, "License: BSD-4-clause" over the UC text): the
    text says what the name stands for."""
    lines = (corpus / "files" / name).read_bytes().decode("utf-8", "replace").splitlines()
    matches = [(m, keys(m.get("license_expression_spdx") or "")) for d in item.get("license_detections", [])
               for m in d.get("matches", [])]
    spots: dict[str, list[str]] = {}
    for m, found in matches:
        text = " ".join(lines[m["start_line"] - 1: m["end_line"]])
        # the pointer sentence or e-mail line itself, not a whole notice that ends with a pointer
        short = m["end_line"] - m["start_line"] < POINTER_LINES
        kind = "pointer" if short and (_POINTER.search(text) or _EMAIL.search(text)) else "grant"
        if m["start_line"] == m["end_line"] and _FIELD.match(lines[m["start_line"] - 1]):
            body = _body(lines, m["start_line"])
            if any(o["start_line"] in body and not other <= found for o, other in matches):
                kind = "name"
        for k in found:
            spots.setdefault(k, []).append(kind)
    solid = {family(k) for k, kinds in spots.items() if "grant" in kinds}
    return frozenset(k for k, kinds in spots.items() if "grant" not in kinds
                     and ("name" in kinds or family(k) in solid))


def _detect(args: tuple[str, str, str | None]) -> tuple[str, list[str]]:
    """Read and detect one file: the work a repository reader does per license file. ``folder`` is
    the original file's folder (where a pointer file's named siblings are), None to ignore siblings."""
    name, path, folder = args
    text = Path(path).read_bytes().decode("utf-8", "replace")
    return name, [f.spdx for f in detect_license_file(name, text, folder=Path(folder) if folder else None)]


def detect_all(paths: list[tuple[str, str, str | None]], workers: int) -> tuple[dict[str, list[str]], float]:
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
    parser.add_argument("--scancode-db", type=Path, default=SCANCODE_DB,
                        help="scancode's licensedcode/data/licenses folder (SPDX aliases of its keys)")
    parser.add_argument("--no-siblings", dest="siblings", action="store_false",
                        help="do not resolve pointer files against the files beside the original (as scancode, "
                             "which scans the flat copies, cannot)")
    parser.add_argument("--adjudicated", type=Path, default=Path(__file__).with_name("adjudicated.json"))
    parser.add_argument("--debian-adjudicated", type=Path, default=Path(__file__).with_name("debian_adjudicated.json"),
                        help="Debian copyright files where the tools disagree, read by hand (truth per file)")
    args = parser.parse_args()
    rows = [line.split("\t") for line in (args.corpus / "manifest.tsv").read_text().splitlines()[1:] if line]
    group = {name: g for name, g, _ in rows}
    paths = [(name, str(args.corpus / "files" / name),
              str(Path(original).parent) if args.siblings and Path(original).parent.is_dir() else None)
             for name, _, original in rows]
    detect_all(paths[:20], 1)  # load the reference indexes outside the timing, as a long run would
    wider_index()  # the second tier, which a process builds once, at its first unsettled text (~2 s)
    times = []
    for _ in range(args.repeat):
        ours, elapsed = detect_all(paths, args.workers)
        times.append(elapsed)
    scan = scancode_results(args.corpus / "scancode.json", args.min_score)
    items = scancode_items(args.corpus / "scancode.json")
    aliases = scancode_aliases(args.scancode_db, args.corpus / "scancode_spdx_aliases.json")
    adjudicated = {k: v for k, v in json.loads(args.adjudicated.read_text()).items() if not k.startswith("_")}
    debian_read = {k: v for k, v in json.loads(args.debian_adjudicated.read_text()).items()
                   if not k.startswith("_")}
    adjudicated.update(debian_read)
    debian_tally: Counter = Counter()
    original = {name: path for name, _, path in rows}
    per_group: dict[str, Counter] = {}
    per_id: dict[str, dict[str, Counter]] = {"raw": {}, "artifacts removed": {}}
    disagreements, adjudications = [], []
    for name, _, _ in paths:
        expression, confident = scan.get(name, ("", False))
        counter = per_group.setdefault(group[name], Counter())
        counter["files"] += 1
        if not confident:
            counter["scancode not confident"] += 1
            continue
        counter["confident"] += 1
        found = frozenset().union(*(keys(s) for s in ours[name])) if ours[name] else frozenset()
        mine = frozenset(aliases.get(k, k) for k in found)
        theirs = keys(expression)
        cleaned = theirs - artifact_keys(name, args.corpus, items[name]) if group[name] == "debian-copyright" \
            else theirs
        truth = (frozenset(EQUIVALENT.get(k.lower(), k.lower()) for k in adjudicated[original[name]]["truth"])
                 if original[name] in adjudicated else cleaned)
        if original[name] in adjudicated:
            adjudications.append({"file": original[name], "scancode": sorted(theirs), "truth": sorted(truth),
                                  "clearance": sorted(mine), "agrees": mine == truth,
                                  "why": adjudicated[original[name]]["why"]})
        counter["keys both"] += len(mine & theirs)
        counter["keys clearance"] += len(mine)
        counter["keys scancode"] += len(theirs)
        counter["agree"] += mine == theirs
        counter["agree, artifacts removed"] += mine == cleaned
        counter["agree, adjudicated"] += mine == truth
        if group[name] == "debian-copyright":
            where = "read" if original[name] in debian_read else "unread"
            differs = mine != theirs or mine != cleaned
            debian_tally[f"{where} {'disagree' if differs else 'agree'}"] += 1
            debian_tally[f"{where} {'disagree' if differs else 'agree'} right"] += mine == truth
        if group[name] == "debian-copyright":
            for label, reference in (("raw", theirs), ("artifacts removed", cleaned)):
                for k in mine | reference:
                    c = per_id[label].setdefault(k, Counter())
                    c["tp" if k in mine and k in reference else "fp" if k in mine else "fn"] += 1
        if mine != theirs:
            disagreements.append({"file": name, "group": group[name], "scancode": expression,
                                  "clearance": " | ".join(ours[name]), "missing": sorted(theirs - mine),
                                  "extra": sorted(mine - theirs), "artifacts": sorted(theirs - cleaned),
                                  "agrees_after_artifacts": mine == cleaned, "agrees_adjudicated": mine == truth})
    total = Counter()
    for c in per_group.values():
        total.update(c)
    groups = {}
    for g, c in per_group.items():
        groups[g] = {**dict(c), "agreement": c["agree"] / max(c["confident"], 1),
                     "agreement, artifacts removed": c["agree, artifacts removed"] / max(c["confident"], 1),
                     "agreement, adjudicated": c["agree, adjudicated"] / max(c["confident"], 1),
                     "key precision": c["keys both"] / max(c["keys clearance"], 1),
                     "key recall": c["keys both"] / max(c["keys scancode"], 1)}
    license_files = Counter()  # every group of license files (main corpus or held-out), not Debian copyright files
    for g, c in per_group.items():
        if "debian" not in g:
            license_files.update(c)
    debian_ids = {}
    for label, table in per_id.items():
        tp, fp, fn = (sum(c[x] for c in table.values()) for x in ("tp", "fp", "fn"))
        debian_ids[label] = {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1),
                             "ids": {k: {**dict(c), "precision": c["tp"] / max(c["tp"] + c["fp"], 1),
                                         "recall": c["tp"] / max(c["tp"] + c["fn"], 1)}
                                     for k, c in sorted(table.items(), key=lambda kv: -sum(kv[1].values()))}}
    report = {"files": len(paths), "workers": args.workers, "seconds": min(times), "all_seconds": times,
              "files_per_second": len(paths) / min(times), "groups": groups, "total": dict(total),
              "agreement": total["agree"] / max(total["confident"], 1),
              "agreement_license_files": license_files["agree"] / max(license_files["confident"], 1),
              "agreement_license_files_adjudicated":
                  license_files["agree, adjudicated"] / max(license_files["confident"], 1),
              "adjudications": adjudications, "debian_per_id": debian_ids}
    # every disagreeing Debian file read: the adjudicated figure is measured. Otherwise the read
    # disagreements' share of right answers is applied to the unread ones (agreements are taken as right)
    debian_confident = per_group.get("debian-copyright", Counter())["confident"]
    read_disagree = debian_tally["read disagree"]
    right_share = debian_tally["read disagree right"] / max(read_disagree, 1)
    right = debian_tally["read agree right"] + debian_tally["read disagree right"] + debian_tally["unread agree right"]
    report["debian_adjudication"] = {
        **dict(debian_tally),
        "disagreeing files": read_disagree + debian_tally["unread disagree"],
        "disagreeing files read": read_disagree,
        "complete": debian_tally["unread disagree"] == 0,
        "agreement, adjudicated": right / max(debian_confident, 1) if debian_tally["unread disagree"] == 0 else None,
        "share of read disagreements right": right_share,
        "extrapolated agreement": (right + debian_tally["unread disagree"] * right_share) / max(debian_confident, 1)}
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
    print(json.dumps({k: v for k, v in report.items() if k != "debian_per_id"}, indent=2))


if __name__ == "__main__":
    main()
