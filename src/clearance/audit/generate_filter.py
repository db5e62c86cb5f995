"""Generate-and-filter extraction (Carlini et al. 2021, "Extracting training data from large language
models"): sample many generations, rank them by how memorized they look, and confirm the top ones
against the works they might reproduce.

Ranking scores (higher = more likely memorized; the generation is scored by the model that made it):
- ``perplexity``: -loss, the mean negative log-likelihood per token (low perplexity ranks first);
- ``zlib``: -(model bits / zlib bits), the text's information to the model (total NLL in bits) over its
  information to zlib (compressed size in bits), as ``attacks.zlib_score`` defines it. Text that is
  cheap for the model but not for zlib (not mere repetition) ranks first;
- ``reference``: loss_reference - loss_target, how much better the target model predicts the text than
  a reference model (``--reference``), which removes text that is simply easy for any model.

Generations are deduplicated before ranking (the same memorized passage tends to come out many
times): a candidate whose token trigrams overlap a better-ranked one by half or more is dropped.
Confirmation searches a clearance index (``clearance index build``) for spans of each top candidate
and names the indexed documents regenerated, with their license and the regenerated span.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pyarrow as pa

from clearance.audit.attacks import zlib_score
from clearance.audit.features import Encoded, score_encoded, score_texts
from clearance.audit.generation import Sampling, context_token, generate
from clearance.audit.model import LoadedModel

RANKINGS = ("zlib", "perplexity", "reference")


@dataclass(frozen=True, slots=True)
class GenerateConfig:
    samples: int = 1000
    tokens: int = 256
    temperature: float = 1.0
    top_k: int = 40  # Carlini et al. sampled from the 40 likeliest tokens
    rank_by: str = "zlib"
    top: int = 100  # candidates kept after ranking and deduplication
    dedupe_overlap: float = 0.5  # trigram overlap that makes two generations duplicates
    batch_size: int = 8
    seed: int = 0

    def __post_init__(self) -> None:
        if self.rank_by not in RANKINGS:
            raise ValueError(f"rank_by must be one of {', '.join(RANKINGS)}, not {self.rank_by!r}")
        if self.samples < 1 or self.tokens < 1 or self.top < 1:
            raise ValueError("samples, tokens and top must be at least 1")
        if not 0 < self.dedupe_overlap <= 1:
            raise ValueError("dedupe_overlap must be in (0, 1]")
        Sampling(greedy=False, temperature=self.temperature, top_k=self.top_k)


@dataclass(slots=True)
class Generation:
    """One sample: the prompt it continued, the generated text and its scores."""

    index: int
    prompt: str
    text: str
    token_ids: list[int]
    loss: float
    zlib_ratio: float  # model bits / zlib bits (lower = more memorized-looking)
    reference_loss: float | None = None

    def score(self, rank_by: str) -> float:
        if rank_by == "perplexity":
            return -self.loss
        if rank_by == "zlib":
            return -self.zlib_ratio
        if self.reference_loss is None:
            raise ValueError("ranking by reference needs a reference model")
        return self.reference_loss - self.loss

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["perplexity"] = math.exp(self.loss) if self.loss < 700 else math.inf
        return data


#: Columns of generations.parquet and of the run's parts.
SCHEMA = pa.schema([
    ("key", pa.string()), ("index", pa.int64()), ("prompt", pa.string()), ("text", pa.string()),
    ("token_ids", pa.list_(pa.int64())), ("loss", pa.float64()), ("zlib_ratio", pa.float64()),
    ("reference_loss", pa.float64()),
])


def to_row(g: Generation) -> dict[str, Any]:
    return {"key": f"{g.index:012d}", **{name: getattr(g, name) for name in SCHEMA.names if name != "key"}}


def from_row(row: dict[str, Any]) -> Generation:
    return Generation(**{name: row[name] for name in SCHEMA.names if name != "key"})


@dataclass(slots=True)
class Regenerated:
    """An indexed document that a candidate reproduces, with the span of the document reproduced."""

    doc_id: str
    title: str | None
    license: str | None
    author: str | None
    doc_start: int
    doc_end: int
    characters: int
    kind: str
    passage: str  # the candidate's text that matches

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Candidate:
    rank: int
    score: float
    generation: Generation
    regenerated: list[Regenerated] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "score": self.score, **self.generation.to_json(),
                "regenerated": [r.to_json() for r in self.regenerated]}


@dataclass(slots=True)
class GenerateResult:
    config: GenerateConfig
    model: str
    generations: int
    duplicates: int
    candidates: list[Candidate]
    index: str | None = None
    reference: str | None = None

    @property
    def confirmed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.regenerated]

    def documents(self) -> list[dict[str, Any]]:
        """Each regenerated document once: by how many candidates, best rank, longest span."""
        out: dict[str, dict[str, Any]] = {}
        for cand in self.candidates:
            for r in cand.regenerated:
                entry = out.setdefault(r.doc_id, {"doc_id": r.doc_id, "title": r.title, "license": r.license,
                                                  "author": r.author, "candidates": 0, "best_rank": cand.rank,
                                                  "longest": 0, "span": [r.doc_start, r.doc_end]})
                entry["candidates"] += 1
                if r.characters > entry["longest"]:
                    entry["longest"], entry["span"] = r.characters, [r.doc_start, r.doc_end]
        return sorted(out.values(), key=lambda e: (e["best_rank"], e["doc_id"]))

    def to_json(self) -> dict[str, Any]:
        confirmed = len(self.confirmed)
        return {
            "model": self.model, "reference": self.reference, "index": self.index, "config": asdict(self.config),
            "generations": self.generations, "duplicates_dropped": self.duplicates,
            "candidates_checked": len(self.candidates) if self.index else 0,
            "confirmed": confirmed if self.index else None,
            "precision": confirmed / len(self.candidates) if self.index and self.candidates else None,
            "documents": self.documents(), "candidates": [c.to_json() for c in self.candidates],
        }


def sample_generations(lm: LoadedModel, prompts: Sequence[str], config: GenerateConfig, *, start_index: int = 0,
                       count: int | None = None, reference: LoadedModel | None = None) -> list[Generation]:
    """Generations ``start_index`` .. ``start_index + count`` of the run (prompts cycle), scored.

    Seeding by the first index makes a run that is cut into pieces (resumed) produce the same samples.
    """
    count = config.samples - start_index if count is None else count
    tokenizer = lm.tokenizer
    start = context_token(tokenizer)
    head = [start] if start is not None else []
    prompt_texts = [prompts[(start_index + i) % len(prompts)] if prompts else "" for i in range(count)]
    encoded = [head + list(tokenizer(p, add_special_tokens=False)["input_ids"]) if p else list(head)
               for p in prompt_texts]
    if any(not ids for ids in encoded):
        raise ValueError(f"{lm.path}: the tokenizer has no BOS or EOS token; give prompts to generate from")
    longest = max((len(ids) for ids in encoded), default=0)
    if longest + config.tokens > lm.max_length:
        raise ValueError(f"a prompt of {longest} tokens plus {config.tokens} new tokens exceeds the "
                         f"{lm.max_length} positions the model takes")
    sampling = Sampling(greedy=False, temperature=config.temperature, top_k=config.top_k)
    out = generate(lm, encoded, config.tokens, sampling, batch_size=config.batch_size,
                   seed=config.seed + start_index)[:, 0]
    special = set(tokenizer.all_special_ids)
    generated = [[t for t in row if t not in special] for row in out.tolist()]
    texts = [tokenizer.decode(ids) for ids in generated]
    scores = score_encoded(lm, [Encoded(ids=p + g, n_context=len(p), scored_chars=len(t))
                                for p, g, t in zip(encoded, generated, texts)], batch_size=config.batch_size)
    ref_losses: list[float | None] = [None] * count
    if reference is not None:
        ref_losses = [s.loss for s in score_texts(reference, texts, batch_size=config.batch_size)]
    return [Generation(start_index + i, prompt_texts[i], texts[i], generated[i], s.loss,
                       -zlib_score(s, texts[i]) if s.n_tokens else math.inf, ref_losses[i])
            for i, s in enumerate(scores)]


def _trigrams(ids: Sequence[int]) -> set[tuple[int, ...]]:
    return {tuple(ids[i:i + 3]) for i in range(max(0, len(ids) - 2))}


def rank(generations: Sequence[Generation], config: GenerateConfig) -> tuple[list[Candidate], int]:
    """The top candidates by score after near-duplicate removal, and how many duplicates were dropped."""
    usable = [g for g in generations if g.token_ids and math.isfinite(g.loss)]
    usable.sort(key=lambda g: (-g.score(config.rank_by), g.index))
    kept: list[Candidate] = []
    grams: list[set[tuple[int, ...]]] = []
    dropped = 0
    for g in usable:
        mine = _trigrams(g.token_ids)
        if any(len(mine & other) >= config.dedupe_overlap * max(1, min(len(mine), len(other))) for other in grams):
            dropped += 1
            continue
        kept.append(Candidate(len(kept) + 1, g.score(config.rank_by), g))
        grams.append(mine)
        if len(kept) >= config.top:
            break
    return kept, dropped


def confirm(candidates: Sequence[Candidate], index: Any, options: Any = None,
            progress: Callable[[int], None] | None = None) -> None:
    """Search the index for each candidate's text; record the indexed documents it regenerates."""
    for cand in candidates:
        cand.regenerated = [
            Regenerated(doc_id=m.doc_id, title=m.title, license=m.license, author=m.author, doc_start=m.doc_start,
                        doc_end=m.doc_end, characters=m.doc_end - m.doc_start, kind=m.kind,
                        passage=cand.generation.text[m.start:m.end])
            for m in index.search(cand.generation.text, options)
        ]
        if progress is not None:
            progress(1)


def generate_and_filter(lm: LoadedModel, config: GenerateConfig, *, prompts: Sequence[str] = (),
                        reference: LoadedModel | None = None, index: Any = None, search_options: Any = None,
                        done: Sequence[Generation] = (), on_batch: Callable[[list[Generation]], None] | None = None,
                        progress: Callable[[int], None] | None = None) -> GenerateResult:
    """Sample (continuing after ``done``, an earlier run's generations), rank, and confirm when an index is given."""
    if config.rank_by == "reference" and reference is None:
        raise ValueError("ranking by reference needs a reference model")
    generations = list(done)[: config.samples]
    if progress is not None and generations:
        progress(len(generations))
    step = max(config.batch_size * 4, 1)
    while len(generations) < config.samples:
        count = min(step, config.samples - len(generations))
        batch = sample_generations(lm, prompts, config, start_index=len(generations), count=count,
                                   reference=reference)
        generations.extend(batch)
        if on_batch is not None:
            on_batch(batch)
        if progress is not None:
            progress(len(batch))
    candidates, dropped = rank(generations, config)
    if index is not None:
        confirm(candidates, index, search_options)
    return GenerateResult(config, str(lm.path), len(generations), dropped, candidates,
                          index=None if index is None else str(getattr(index, "directory", index)),
                          reference=None if reference is None else str(reference.path))
