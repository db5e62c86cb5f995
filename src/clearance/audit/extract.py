"""k-extractable memorization (Carlini et al. 2022, "Quantifying memorization across neural language
models"): give the model the first P tokens of a training document and see whether it continues with
the document's next S tokens.

Per document:
- greedy continuation: exact match of all S tokens (the paper's definition), and approximate match
  (token edit similarity at least a threshold; Ippolito et al. 2022 show verbatim-only tests miss
  near-copies), with the longest run of suffix tokens reproduced verbatim;
- optional sampled extraction: n continuations at a temperature; the document counts as extracted by
  sampling when any sample reproduces the suffix exactly;
- the exact probability of the true suffix under the model (one forward pass), and from it the chance
  that n plain samples (temperature 1) would produce it at least once: 1 - (1 - p)^n (Hayes et al.
  2024's probabilistic view of extraction), which needs no sampling luck.

Documents with fewer than P + S tokens cannot be tested; they are counted as skipped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from clearance.audit.features import Encoded, score_encoded
from clearance.audit.generation import Sampling, context_token, generate
from clearance.audit.model import LoadedModel
from clearance.audit.sequence_match import compare
from clearance.audit.stats import rate_ci


@dataclass(frozen=True, slots=True)
class ExtractionConfig:
    prefix_tokens: int = 50
    suffix_tokens: int = 50
    samples: int = 0  # sampled continuations per prefix; 0 = greedy only
    temperature: float = 1.0
    top_k: int = 0
    approx_threshold: float = 0.75  # token edit similarity that counts as an approximate copy
    batch_size: int = 8
    seed: int = 0

    def __post_init__(self) -> None:
        if self.prefix_tokens < 1 or self.suffix_tokens < 1:
            raise ValueError("prefix and suffix lengths must be at least 1 token")
        if self.samples < 0:
            raise ValueError("samples must be 0 (off) or positive")
        if not 0.0 < self.approx_threshold <= 1.0:
            raise ValueError("the approximate-match threshold must be in (0, 1]")
        if self.samples:
            Sampling(greedy=False, samples=self.samples, temperature=self.temperature, top_k=self.top_k)


@dataclass(slots=True)
class DocumentExtraction:
    """The outcome for one document (texts decoded from tokens, as the model produced them)."""

    doc_id: str
    prefix: str
    suffix: str
    greedy: str
    exact: bool
    approximate: bool
    edit_similarity: float
    longest_common: int  # tokens of the longest verbatim run shared by greedy output and suffix
    suffix_logprob: float  # log p(true suffix | prefix), natural log
    samples: int = 0
    sampled_exact: int = 0  # samples reproducing the suffix exactly
    best_sample: str = ""
    best_sample_similarity: float = 0.0

    @property
    def sampled(self) -> bool:
        return self.sampled_exact > 0

    def p_extract(self, n: int) -> float:
        """Chance that n samples at temperature 1 (no top-k) produce the suffix at least once."""
        p = math.exp(self.suffix_logprob)
        return float(-math.expm1(n * math.log1p(-p))) if p < 1.0 else 1.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sampled"] = self.sampled
        return data


#: Columns of extraction.parquet and of the run's parts (``key`` ties a row to a document's id and text).
SCHEMA = pa.schema([
    ("key", pa.string()), ("doc_id", pa.string()), ("prefix", pa.string()), ("suffix", pa.string()),
    ("greedy", pa.string()), ("exact", pa.bool_()), ("approximate", pa.bool_()), ("edit_similarity", pa.float64()),
    ("longest_common", pa.int32()), ("suffix_logprob", pa.float64()), ("samples", pa.int32()),
    ("sampled_exact", pa.int32()), ("best_sample", pa.string()), ("best_sample_similarity", pa.float64()),
])


def to_row(result: DocumentExtraction, key: str) -> dict[str, Any]:
    return {"key": key, **{name: getattr(result, name) for name in SCHEMA.names if name != "key"}}


def from_row(row: dict[str, Any]) -> DocumentExtraction:
    return DocumentExtraction(**{name: row[name] for name in SCHEMA.names if name != "key"})


@dataclass(slots=True)
class Rate:
    successes: int
    n: int
    ci: tuple[float, float]

    @property
    def rate(self) -> float:
        return self.successes / self.n if self.n else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {"successes": self.successes, "n": self.n, "rate": self.rate if self.n else None,
                "ci": list(self.ci) if self.n else None}


def _rate(successes: int, n: int) -> Rate:
    return Rate(successes, n, rate_ci(successes, n) if n else (float("nan"), float("nan")))


@dataclass(slots=True)
class ExtractionResult:
    config: ExtractionConfig
    documents: list[DocumentExtraction]
    skipped: dict[str, int] = field(default_factory=dict)  # doc id -> its token count (too short)
    model: str = ""

    def rates(self) -> dict[str, Rate]:
        n = len(self.documents)
        out = {
            "exact": _rate(sum(d.exact for d in self.documents), n),
            "approximate": _rate(sum(d.approximate for d in self.documents), n),
        }
        if self.config.samples:
            out["sampled"] = _rate(sum(d.sampled for d in self.documents), n)
        return out

    @property
    def extracted(self) -> list[DocumentExtraction]:
        """Documents reproduced exactly or approximately (greedy), or exactly by a sample; most similar first."""
        hits = [d for d in self.documents if d.exact or d.approximate or d.sampled]
        return sorted(hits, key=lambda d: (-d.edit_similarity, -d.longest_common, d.doc_id))

    def to_json(self, documents: bool = True) -> dict[str, Any]:
        """``documents=False`` leaves out the per-document list (large runs keep it in Parquet)."""
        data = {
            "model": self.model,
            "config": asdict(self.config),
            "tested": len(self.documents),
            "skipped": len(self.skipped),
            "skipped_documents": self.skipped,
            "rates": {name: rate.to_json() for name, rate in self.rates().items()},
            "mean_edit_similarity": float(np.mean([d.edit_similarity for d in self.documents]))
            if self.documents else None,
            "extracted": [d.to_json() for d in self.extracted],
        }
        if documents:
            data["documents"] = [d.to_json() for d in self.documents]
        return data


@dataclass(slots=True)
class Window:
    """The prompt (context token + P tokens) and the true continuation (S tokens) of one document."""

    doc_id: str
    prompt: list[int]
    suffix: list[int]


def windows(lm: LoadedModel, docs: Iterable[tuple[str, str]], config: ExtractionConfig,
            skipped: dict[str, int], chunk: int = 512) -> list[Window]:
    """One test window per document, from its start; documents too short go into ``skipped``."""
    out: list[Window] = []
    need = config.prefix_tokens + config.suffix_tokens
    start = context_token(lm.tokenizer)
    head = [start] if start is not None else []
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        encoded = lm.tokenizer([text for _, text in pending], add_special_tokens=False)["input_ids"]
        for (doc_id, _), body in zip(pending, encoded):
            if len(body) < need:
                skipped[doc_id] = len(body)
            else:
                out.append(Window(doc_id, head + list(body[: config.prefix_tokens]),
                                  list(body[config.prefix_tokens:need])))
        pending.clear()

    for item in docs:
        pending.append(item)
        if len(pending) >= chunk:
            flush()
    if pending:
        flush()
    return out


def extract_windows(lm: LoadedModel, batch: Sequence[Window], config: ExtractionConfig,
                    seed: int) -> list[DocumentExtraction]:
    """Greedy (and sampled) continuations of a batch of windows, compared with the true suffixes."""
    prompts = [w.prompt for w in batch]
    greedy = generate(lm, prompts, config.suffix_tokens, Sampling(), batch_size=config.batch_size)[:, 0]
    sampled = None
    if config.samples:
        sampling = Sampling(greedy=False, samples=config.samples, temperature=config.temperature, top_k=config.top_k)
        # Each sampled row costs `samples` sequences: keep the batch of sequences near batch_size.
        per_batch = max(1, config.batch_size // config.samples)
        sampled = generate(lm, prompts, config.suffix_tokens, sampling, batch_size=per_batch, seed=seed)
    encoded = [Encoded(ids=w.prompt + w.suffix, n_context=len(w.prompt), scored_chars=0) for w in batch]
    scores = score_encoded(lm, encoded, batch_size=config.batch_size)
    decode = lm.tokenizer.decode
    out = []
    for i, window in enumerate(batch):
        match = compare(greedy[i], window.suffix)
        result = DocumentExtraction(
            doc_id=window.doc_id,
            prefix=decode(window.prompt, skip_special_tokens=True),
            suffix=decode(window.suffix),
            greedy=decode(greedy[i].tolist()),
            exact=match.exact,
            approximate=match.edit_similarity >= config.approx_threshold,
            edit_similarity=match.edit_similarity,
            longest_common=match.longest_common,
            suffix_logprob=float(scores[i].logprobs.sum(dtype=np.float64)),
        )
        if sampled is not None:
            matches = [compare(s, window.suffix) for s in sampled[i]]
            best = max(range(len(matches)), key=lambda k: matches[k].edit_similarity)
            result.samples = config.samples
            result.sampled_exact = sum(m.exact for m in matches)
            result.best_sample = decode(sampled[i, best].tolist())
            result.best_sample_similarity = matches[best].edit_similarity
        out.append(result)
    return out


def extract(lm: LoadedModel, docs: Iterable[tuple[str, str]], config: ExtractionConfig = ExtractionConfig(),
            *, progress: Callable[[int], None] | None = None,
            done: dict[str, DocumentExtraction] | None = None,
            on_batch: Callable[[list[DocumentExtraction]], None] | None = None) -> ExtractionResult:
    """Test every (doc id, text); ``done`` holds results of an earlier run to reuse (resume), and
    ``on_batch`` receives each new batch of results as soon as it exists (to write them out)."""
    if config.prefix_tokens + config.suffix_tokens + 1 > lm.max_length:
        raise ValueError(f"prefix + suffix ({config.prefix_tokens} + {config.suffix_tokens} tokens, plus the start "
                         f"token) exceed the {lm.max_length} positions the model takes")
    skipped: dict[str, int] = {}
    done = done or {}
    all_windows = windows(lm, docs, config, skipped)
    reused = sum(w.doc_id in done for w in all_windows)
    if progress is not None and reused:
        progress(reused)
    fresh: dict[str, DocumentExtraction] = {}
    step = config.batch_size
    for start in range(0, len(all_windows), step):
        batch = [w for w in all_windows[start:start + step] if w.doc_id not in done]
        if not batch:
            continue
        # The seed follows the batch's place in the whole run, so a resumed run samples as a full one.
        results = extract_windows(lm, batch, config, seed=config.seed + start)
        for r in results:
            fresh[r.doc_id] = r
        if on_batch is not None:
            on_batch(results)
        if progress is not None:
            progress(len(batch))
    documents = [done.get(w.doc_id) or fresh[w.doc_id] for w in all_windows]
    return ExtractionResult(config, documents, skipped, model=str(lm.path))
