"""DATACARD.md: what the dataset holds and why, rendered from the run's tally and config."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from clearance.curate.config import CurateConfig
from clearance.curate.outputs.tally import Tally
from clearance.io.atomic import write_bytes_atomic

_CODES = {
    "bad-input": "unreadable or malformed input",
    "too-large": "over max_document_bytes",
    "opt-out": "the rights holder opted out of AI training",
    "license": "license not accepted by the profile",
    "license-unknown": "no usable license found",
    "duplicate": "duplicate of a kept copy (or of the reference set)",
    "review": "held for human review",
}


def _size(n: int) -> str:
    for scale, unit in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _counts(counter: Counter[str], total: int, limit: int | None = None) -> list[list[Any]]:
    return [[name, n, f"{100 * n / total:.1f}%" if total else "-"] for name, n in counter.most_common(limit)]


def render_datacard(t: Tally, config: CurateConfig, dedup: dict[str, Any] | None, plots: list[Path],
                    root: Path) -> str:
    policy = config.policy
    out = [f"# Data card: {root.name}\n",
           ("Made by `clearance curate`. Every input document has one row in `manifest.parquet` saying whether it "
           "was kept and why; `NOTICE` lists the kept works with the attribution their licenses require.\n"),
           "## Summary\n",
           _table(["", "documents", "bytes"], [
               ["input", t.documents, _size(t.bytes)],
               ["kept", t.kept, _size(t.kept_bytes)],
               ["dropped", t.decisions.get("drop", 0), _size(t.bytes - t.kept_bytes)],
               ["held for review", t.decisions.get("review", 0), ""],
           ]),
           "## License policy\n",
           f"Profile **{policy.name}**: {policy.description}\n",
           f"Unknown licenses: **{policy.unknown}**. Minimum license confidence: {policy.min_confidence:.2f}.\n",
           "Tiers, in order: " + ", ".join(f"`{tier.name}`" for tier in policy.tiers) + ".\n"]
    if policy.sources:
        out.append("Sources of the profile:\n\n" + "\n".join(f"- {s}" for s in policy.sources) + "\n")
    out += ["## Kept documents by tier\n", _table(["tier", "documents", "share"], _counts(t.tiers, t.kept)),
            "## Documents by license category\n",
            _table(["category", "input", "kept"],
                   [[c, n, t.kept_categories.get(c, 0)] for c, n in t.categories.most_common()]),
            "## Documents by license (top 30)\n",
            _table(["license", "documents", "bytes", "kept bytes"],
                   [[name, n, _size(t.license_bytes[name]), _size(t.kept_license_bytes[name])]
                    for name, n in t.licenses.most_common(30)]),
            "## Why documents were dropped\n",
            _table(["reason", "documents", "bytes", "meaning"],
                   [[code, n, _size(t.drop_bytes[code]), _CODES.get(code, "")] for code, n in t.drop_codes.most_common()])
            if t.drop_codes else "Nothing was dropped.\n"]
    out += ["## Opt-out\n",
            f"Opt-out checks: {'on' if config.optout.enabled else 'off'}. Documents opted out: {t.opted_out}.\n"]
    if t.optout_kinds:
        out.append(_table(["signal", "documents"], [[k, n] for k, n in t.optout_kinds.most_common()]))
    out += ["## PII\n", f"Redaction: {'on' if config.pii.enabled else 'off'} (placeholder `{config.pii.placeholder}`).\n"]
    if t.pii:
        out.append(_table(["kind", "redacted"], [[k, n] for k, n in t.pii.most_common()]))
    out.append("## Deduplication\n")
    if dedup:
        d = config.dedup
        out.append(f"Exact: {d.exact}; near: {d.near} (shingles of {d.shingle_size} words, {d.bands} bands x "
                   f"{d.rows} rows, Jaccard >= {d.threshold if d.near else 1.0}, verify {d.verify}); reference set: "
                   f"{d.reference or 'none'}. The kept copy of each cluster is the most permissive, best-attributed "
                   "one.\n")
        out.append(_table(["", "documents"], [["exact duplicates", dedup.get("exact_duplicates", 0)],
                                              ["near duplicates", dedup.get("near_duplicates", 0)],
                                              ["duplicates of the reference set", dedup.get("reference_duplicates", 0)]]))
    else:
        out.append("Off.\n")
    if plots:
        out.append("## Plots\n")
        out += [f"![{p.stem.replace('_', ' ')}]({p.relative_to(root).as_posix()})\n" for p in plots]
    return "\n".join(out)


def write_datacard(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
