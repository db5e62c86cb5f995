"""Membership inference over a member set and a non-member set: score, store, summarize.

The run works through the documents in parts (``MiaConfig.part_size`` documents each). For a part:

1. ONE forward pass of the target model per batch gives every single-pass score (loss, zlib, Min-K%,
   Min-K%++) for each document;
2. the lowercase score needs the lowercased text: one more pass, only for texts that lowercasing
   changes (for the others the first pass already is the lowercased pass);
3. the reference score needs the reference model: one pass of it (``--reference``);
4. the neighbourhood score needs N neighbours per document: N passes of the target model;

then the part's rows go to Parquet (``clearance.audit.runs``), so an interrupted run resumes where it
stopped. Statistics and the model-free baseline are computed over all finished rows at the end.

Texts longer than ``max_tokens`` are scored on their first ``max_tokens`` tokens, and every extra pass
(lowercase, reference, neighbours) scores the same character prefix, so ratios compare like with like.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from clearance.audit import stats
from clearance.audit.attacks import (
    ATTACKS,
    DEFAULT_MIN_K,
    lowercase_score,
    neighbour_score,
    reference_score,
    single_pass_scores,
    zlib_bits,
)
from clearance.audit.baseline import SHIFT_THRESHOLD, BaselineResult, bag_of_words_baseline
from clearance.audit.features import TokenScores, score_texts
from clearance.audit.model import LoadedModel
from clearance.audit.neighbours import DEFAULT_FRACTION, NeighbourGenerator
from clearance.audit.runs import PartStore

MEMBER, NONMEMBER = "member", "nonmember"

#: Per-document columns of scores.parquet: identity, the raw quantities, then one column per score.
SCHEMA = pa.schema([
    ("key", pa.string()),
    ("set", pa.string()),
    ("doc_id", pa.string()),
    ("n_tokens", pa.int32()),
    ("scored_chars", pa.int64()),
    ("loss", pa.float64()),  # mean NLL per token, nats
    ("nll_sum", pa.float64()),  # total NLL, nats
    ("zlib_bits", pa.int64()),
    ("lowercase_nll_sum", pa.float64()),
    ("reference_loss", pa.float64()),
    ("neighbour_loss_mean", pa.float64()),
    ("neighbour_count", pa.int32()),
    *[(f"score_{name}", pa.float64()) for name in ATTACKS],
])


@dataclass(frozen=True, slots=True)
class AuditDoc:
    """A document of the audit: which set it is in, its id and text."""

    set: str
    doc_id: str
    text: str

    @property
    def key(self) -> str:
        """Set, id and a text digest: an edited document is a new document on resume."""
        digest = hashlib.blake2b(self.text.encode("utf-8"), digest_size=8).hexdigest()
        return f"{self.set}:{self.doc_id}:{digest}"


@dataclass(frozen=True, slots=True)
class MiaConfig:
    batch_size: int = 8
    max_tokens: int = 512
    min_k: float = DEFAULT_MIN_K
    neighbours: int = 10  # 0 turns the neighbourhood attack off
    neighbour_fraction: float = DEFAULT_FRACTION
    lowercase: bool = True
    seed: int = 0
    n_boot: int = 1000
    part_size: int = 256

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.max_tokens < 1 or self.part_size < 1:
            raise ValueError("batch_size, max_tokens and part_size must be at least 1")
        if not 0 < self.min_k <= 1:
            raise ValueError(f"min_k must be in (0, 1], not {self.min_k}")
        if self.neighbours < 0:
            raise ValueError(f"neighbours must be 0 or more, not {self.neighbours}")


def model_fingerprint(path: Path) -> str:
    """Identifies a model's contents cheaply: its config plus size, head and tail of each weight file.
    A model retrained in place changes it; a copied or moved directory does not."""
    digest = hashlib.sha256()
    for name in sorted(p.name for p in path.iterdir() if p.is_file()):
        if name == "config.json" or name.endswith((".safetensors", ".bin")):
            file = path / name
            size = file.stat().st_size
            digest.update(f"{name}:{size}".encode())
            with open(file, "rb") as handle:
                digest.update(handle.read(1 << 20))
                if size > 1 << 20:
                    handle.seek(max(1 << 20, size - (1 << 20)))
                    digest.update(handle.read())
    return digest.hexdigest()[:24]


Progress = Callable[[str, int], None]


class MiaRun:
    """One membership-inference run over ``docs`` writing parts under ``out_dir``."""

    def __init__(self, lm: LoadedModel, docs: Sequence[AuditDoc], out_dir: Path, config: MiaConfig = MiaConfig(), *,
                 reference: LoadedModel | None = None, neighbours: NeighbourGenerator | None = None,
                 neighbour_source: str = "", fresh: bool = False) -> None:
        self.lm = lm
        self.docs = list(docs)
        self.config = config
        self.reference = reference
        self.neighbour_gen = neighbours if config.neighbours > 0 else None
        self.store = PartStore(out_dir, SCHEMA, self._settings(neighbour_source), fresh=fresh)
        done = self.store.done_keys()
        self.pending = [doc for doc in self.docs if doc.key not in done]

    def _settings(self, neighbour_source: str) -> dict[str, Any]:
        """What the stored scores depend on: a rerun must match it to resume."""
        cfg = self.config
        return {
            "format": 1,
            "model": model_fingerprint(self.lm.path),
            "reference": model_fingerprint(self.reference.path) if self.reference else None,
            "neighbours": cfg.neighbours if self.neighbour_gen else 0,
            "neighbour_source": neighbour_source if self.neighbour_gen else None,
            "neighbour_fraction": cfg.neighbour_fraction,
            "lowercase": cfg.lowercase,
            "max_tokens": cfg.max_tokens,
            "min_k": cfg.min_k,
            "seed": cfg.seed,
        }

    def plan(self) -> dict[str, int]:
        """Work left per pass (an upper bound for lowercase and neighbours), for progress bars."""
        n = len(self.pending)
        plan = {"target": n}
        if self.config.lowercase:
            plan["lowercase"] = sum(doc.text.lower() != doc.text for doc in self.pending)
        if self.reference is not None:
            plan["reference"] = n
        if self.neighbour_gen is not None:
            plan["neighbours"] = n * self.config.neighbours
        return plan

    def score(self, progress: Progress | None = None) -> int:
        """Score every pending document, one Parquet part at a time; returns how many were scored."""
        tick = progress or (lambda stage, n: None)
        size = self.config.part_size
        for start in range(0, len(self.pending), size):
            self.store.write(self._score_part(self.pending[start:start + size], tick))
        scored = len(self.pending)
        self.pending = []
        return scored

    def _score_part(self, docs: list[AuditDoc], tick: Progress) -> list[dict[str, Any]]:
        cfg = self.config
        texts = [doc.text for doc in docs]
        feats = score_texts(self.lm, texts, batch_size=cfg.batch_size, max_tokens=cfg.max_tokens,
                            progress=lambda n: tick("target", n))
        spans = [text[: f.scored_chars] for text, f in zip(texts, feats)]
        lowered = self._lowercase(spans, feats, tick) if cfg.lowercase else [None] * len(docs)
        reference = self._reference(spans, tick)
        neighbour_losses = self._neighbours(spans, tick)
        rows = []
        for i, (doc, f) in enumerate(zip(docs, feats)):
            scores: dict[str, float | None] = dict.fromkeys(ATTACKS)
            scores.update(single_pass_scores(f, doc.text, cfg.min_k))
            if lowered[i] is not None:
                scores["lowercase"] = lowercase_score(f, lowered[i])
            if reference[i] is not None:
                scores["reference"] = reference_score(f, reference[i])
            if neighbour_losses[i] is not None:
                scores["neighbour"] = neighbour_score(f, neighbour_losses[i])
            losses = neighbour_losses[i]
            finite_losses = losses[np.isfinite(losses)] if losses is not None else np.zeros(0)
            rows.append({
                "key": doc.key, "set": doc.set, "doc_id": doc.doc_id, "n_tokens": f.n_tokens,
                "scored_chars": f.scored_chars, "loss": _num(f.loss), "nll_sum": f.nll_sum if f.n_tokens else None,
                "zlib_bits": zlib_bits(spans[i]) if f.n_tokens else None,
                "lowercase_nll_sum": lowered[i].nll_sum if lowered[i] is not None and lowered[i].n_tokens else None,
                "reference_loss": _num(reference[i].loss) if reference[i] is not None else None,
                "neighbour_loss_mean": float(finite_losses.mean()) if finite_losses.size else None,
                "neighbour_count": int(finite_losses.size) if losses is not None else None,
                **{f"score_{name}": _num(value) for name, value in scores.items()},
            })
        return rows

    def _lowercase(self, spans: list[str], feats: list[TokenScores], tick: Progress) -> list[TokenScores | None]:
        changed = [i for i, span in enumerate(spans) if span.lower() != span]
        out: list[TokenScores | None] = list(feats)  # unchanged by lowercasing: the first pass is the same text
        if changed:
            lowered = score_texts(self.lm, [spans[i].lower() for i in changed], batch_size=self.config.batch_size,
                                  max_tokens=self.lm.max_length, progress=lambda n: tick("lowercase", n))
            for i, scores in zip(changed, lowered):
                out[i] = scores
        return out

    def _reference(self, spans: list[str], tick: Progress) -> list[TokenScores | None]:
        if self.reference is None:
            return [None] * len(spans)
        return list(score_texts(self.reference, spans, batch_size=self.config.batch_size,
                                max_tokens=self.reference.max_length, progress=lambda n: tick("reference", n)))

    def _neighbours(self, spans: list[str], tick: Progress) -> list[np.ndarray | None]:
        if self.neighbour_gen is None:
            return [None] * len(spans)
        n = self.config.neighbours
        made = self.neighbour_gen.neighbours(spans, n)
        flat = [text for group in made for text in group]
        scored = score_texts(self.lm, flat, batch_size=self.config.batch_size, max_tokens=self.lm.max_length,
                             progress=lambda k: tick("neighbours", k))
        out: list[np.ndarray | None] = []
        at = 0
        for group in made:
            losses = np.array([s.loss for s in scored[at:at + len(group)]], dtype=np.float64)
            out.append(losses)
            at += len(group)
        tick("neighbours", n * len(spans) - len(flat))  # texts with fewer neighbours still finish their share
        return out

    def results(self) -> MiaResult:
        """Statistics over the finished rows of the current documents (stale rows of edited or removed
        documents stay in the parts but are not counted)."""
        table = self.store.table()
        wanted = {doc.key: i for i, doc in enumerate(self.docs)}
        keys = table.column("key").to_pylist()
        rows = sorted((wanted[k], j) for j, k in enumerate(keys) if k in wanted)
        table = table.take([j for _, j in rows]) if rows else SCHEMA.empty_table()
        return summarize_table(table, self.docs, self.config, has_reference=self.reference is not None,
                               has_neighbours=self.neighbour_gen is not None)


def _num(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@dataclass(slots=True)
class AttackResult:
    name: str
    title: str
    source: str
    extra_pass: str
    formula: str
    summary: stats.Summary | None
    excluded: int  # documents without a finite score (no scored token)
    roc: tuple[np.ndarray, np.ndarray] | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "source": self.source, "extra_pass": self.extra_pass or None,
                "formula": self.formula, "excluded": self.excluded,
                **(self.summary.to_json() if self.summary else {"auc": None})}


@dataclass(slots=True)
class MiaResult:
    table: pa.Table
    attacks: list[AttackResult]
    baseline: BaselineResult | None
    n_members: int
    n_nonmembers: int
    config: MiaConfig
    warnings: list[str] = field(default_factory=list)

    @property
    def shifted(self) -> bool:
        return bool(self.baseline and self.baseline.shifted)

    def attack(self, name: str) -> AttackResult:
        return next(a for a in self.attacks if a.name == name)

    def to_json(self) -> dict:
        return {
            "kind": "membership-inference",
            "format": 1,
            "orientation": "higher score = more likely member",
            "counts": {"members": self.n_members, "nonmembers": self.n_nonmembers},
            "settings": asdict(self.config),
            "attacks": {a.name: a.to_json() for a in self.attacks},
            "baseline": self.baseline.to_json() if self.baseline else None,
            "distribution_shift": self.shifted,
        }


def summarize_table(table: pa.Table, docs: Sequence[AuditDoc], config: MiaConfig, *, has_reference: bool,
                    has_neighbours: bool) -> MiaResult:
    """Per-attack AUC, TPR at low FPR with intervals, ROC curves; the baseline on the same documents."""
    sets = np.array(table.column("set").to_pylist(), dtype=object)
    is_member = sets == MEMBER
    skip = {"reference": not has_reference, "neighbour": not has_neighbours, "lowercase": not config.lowercase}
    attacks = []
    warnings = []
    for name, attack in ATTACKS.items():
        if skip.get(name):
            continue
        column = np.array([np.nan if v is None else v for v in table.column(f"score_{name}").to_pylist()],
                          dtype=np.float64)
        finite = np.isfinite(column)
        pos, neg = column[is_member & finite], column[~is_member & finite]
        summary = roc = None
        if pos.size and neg.size:
            summary = stats.summarize(pos, neg, n_boot=config.n_boot, seed=config.seed)
            roc = stats.roc_curve(pos, neg)
        attacks.append(AttackResult(name, attack.title, attack.source, attack.extra_pass, attack.formula, summary,
                                    int((~finite).sum()), roc))
    by_key = {doc.key: doc for doc in docs}
    texts = [by_key[k].text for k in table.column("key").to_pylist()]
    members = [t for t, m in zip(texts, is_member) if m]
    nonmembers = [t for t, m in zip(texts, is_member) if not m]
    baseline = bag_of_words_baseline(members, nonmembers, seed=config.seed, n_boot=config.n_boot)
    if baseline is not None and baseline.shifted:
        warnings.append(
            f"a model-free bag-of-words classifier tells members from non-members with AUC "
            f"{baseline.auc:.3f} (above {SHIFT_THRESHOLD}): the two sets differ in distribution, so the "
            "attack AUCs below measure that shift, not membership. Build the non-members from the same "
            "source, time and style as the members.")
    if baseline is None:
        warnings.append("too few documents for the model-free baseline: the split's validity is unchecked")
    excluded = max((a.excluded for a in attacks), default=0)
    if excluded:
        warnings.append(f"{excluded} document(s) had no scored token (empty after tokenization) and are left out")
    if 0 < len(nonmembers) < 100:
        warnings.append(f"only {len(nonmembers)} non-members: TPR at 1% FPR needs at least 100 "
                        "and TPR at 0.1% FPR at least 1,000")
    return MiaResult(table=table, attacks=attacks, baseline=baseline, n_members=int(is_member.sum()),
                     n_nonmembers=int((~is_member).sum()), config=config, warnings=warnings)
