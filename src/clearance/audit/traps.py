"""Copyright traps (Meeus et al. 2024, "Copyright traps for large language models"): make synthetic
sequences of a chosen perplexity, and later test whether a model has seen them.

Making traps. A generator proposes sequences of ``length`` tokens and scores their perplexity:
- a local causal LM (``ModelSource``): samples from the model's own distribution starting at its
  document-start token; perplexity is the model's, on the text as it will be tokenized in a book;
- or, without any neural model, a word n-gram model fitted on a reference text (``NgramSource``:
  interpolated Kneser-Ney, see ``ngram.py``); perplexity is the n-gram model's.
The sampling temperature sets how surprising the sequences are. To hit a perplexity target, the
temperature is searched by bisection (in log space) until the median candidate lands at the target,
and candidates within the tolerance band are kept. Meeus et al. found high-perplexity traps far
easier to detect: a target is how a campaign trades readability of the traps for detectability.

Traps and controls come from the same pool of kept candidates, shuffled and split at random, so
that a control is exactly what a trap would have been: the only difference between the two groups
is that the traps were published (inserted) and the controls never left the manifest.

Detecting. The suspect model scores every trap and control (one batched forward pass); a higher
score means the model finds the sequence more familiar. Per repeat count, the AUC of traps against
controls (with a bootstrap interval) and a one-sided Mann-Whitney p-value (traps score higher) say
whether the inserted traps were learned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy import stats as sps

from clearance.audit.features import TokenScores, score_texts
from clearance.audit.generation import Sampling, context_token, generate
from clearance.audit.model import LoadedModel
from clearance.audit.ngram import NgramModel
from clearance.audit.stats import auc, auc_ci
from clearance.audit.trap_manifest import TrapManifest, TrapSequence


class TrapError(ValueError):
    """Traps could not be made as asked (an unreachable perplexity target, too few candidates)."""


class TrapSource(Protocol):
    """Where trap candidates come from and how their perplexity is measured."""

    def sample(self, count: int, length: int, temperature: float, rng: np.random.Generator) -> list[str]: ...

    def perplexity(self, texts: Sequence[str]) -> np.ndarray: ...

    def tokens(self, text: str) -> tuple[list[str], list[int]]: ...

    def describe(self) -> dict[str, Any]: ...


class NgramSource:
    """Sequences drawn from a word n-gram model of a reference text, starting after a sentence end."""

    def __init__(self, model: NgramModel, reference: str) -> None:
        self.model = model
        self.reference = reference
        self._start = [model.index["."]] if "." in model.index else []

    def sample(self, count: int, length: int, temperature: float, rng: np.random.Generator) -> list[str]:
        """Sequences that start with a word (not with punctuation, which would read as a fragment)."""
        out: list[str] = []
        for _ in range(20 * count):
            ids = self.model.sample(rng, length, temperature, self._start)
            if self.model.vocabulary[ids[0]][0].isalnum():
                out.append(self.model.decode(ids))
                if len(out) == count:
                    break
        return out

    def perplexity(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.model.perplexity(self.model.encode(t), self._start) for t in texts])

    def tokens(self, text: str) -> tuple[list[str], list[int]]:
        ids = self.model.encode(text)
        return [self.model.vocabulary[i] for i in ids], ids

    def describe(self) -> dict[str, Any]:
        return {"kind": "ngram", "order": self.model.order, "discount": self.model.discount,
                "vocabulary": len(self.model.vocabulary), "reference": self.reference}


class ModelSource:
    """Sequences sampled from a local causal LM, scored by the same model (as ``traps detect`` will)."""

    def __init__(self, lm: LoadedModel, batch_size: int = 16) -> None:
        self.lm = lm
        self.batch_size = batch_size
        self._special = set(lm.tokenizer.all_special_ids)

    def sample(self, count: int, length: int, temperature: float, rng: np.random.Generator) -> list[str]:
        if length + 1 > self.lm.max_length:
            raise TrapError(f"{self.lm.path}: traps of {length} tokens do not fit the model's {self.lm.max_length} positions")
        start = context_token(self.lm.tokenizer)
        if start is None:
            raise TrapError(f"{self.lm.path}: the tokenizer has no BOS or EOS token to start sampling from")
        seed = int(rng.integers(0, 2**31 - 1))
        out = generate(self.lm, [[start]] * count, length, Sampling(greedy=False, temperature=temperature),
                       batch_size=self.batch_size, seed=seed)[:, 0]
        texts = []
        for ids in out.tolist():
            if self._special.intersection(ids):
                continue  # a sequence crossing a document boundary is no single passage
            text = self.lm.tokenizer.decode(ids)
            # Keep only text that tokenizes back to the sampled tokens: the trap is then exactly the
            # sequence the model proposed, and its perplexity is the one measured on the text.
            for candidate in (text.strip(), text):
                if candidate.strip() and self.tokens(candidate)[1] == ids:
                    texts.append(candidate)
                    break
        return texts

    def perplexity(self, texts: Sequence[str]) -> np.ndarray:
        scores = score_texts(self.lm, list(texts), batch_size=self.batch_size)
        return np.array([math.exp(s.loss) if s.n_tokens else math.inf for s in scores])

    def tokens(self, text: str) -> tuple[list[str], list[int]]:
        ids = list(self.lm.tokenizer(text, add_special_tokens=False)["input_ids"])
        return list(self.lm.tokenizer.convert_ids_to_tokens(ids)), ids

    def describe(self) -> dict[str, Any]:
        return {"kind": "model", "model": str(self.lm.path)}


@dataclass(frozen=True, slots=True)
class MakeConfig:
    count: int = 100
    controls: int = 100
    length: int = 50  # tokens of the generator (model tokens, or n-gram words and punctuation)
    perplexity: float | None = None  # target; None: no target, sample at `temperature`
    tolerance: float = 0.1  # keep candidates within target * (1 +- tolerance) (log-symmetric)
    temperature: float = 1.0  # the starting (or, without a target, the only) temperature
    seed: int = 0
    max_rounds: int = 60

    def __post_init__(self) -> None:
        if self.count < 1 or self.controls < 1:
            raise TrapError("--count and --controls must be at least 1")
        if self.length < 2:
            raise TrapError("--length must be at least 2 tokens")
        if self.perplexity is not None and not self.perplexity > 1.0:
            raise TrapError("--perplexity must be above 1")
        if not 0 < self.tolerance < 1:
            raise TrapError("--tolerance must be between 0 and 1")
        if not self.temperature > 0:
            raise TrapError("--temperature must be positive")


def make_traps(source: TrapSource, config: MakeConfig,
               progress: Callable[[int], None] | None = None) -> TrapManifest:
    """Traps and controls from one pool of candidates within the perplexity band (see module doc)."""
    rng = np.random.default_rng(config.seed)
    need = config.count + config.controls
    kept: dict[str, float] = {}
    temperature = config.temperature
    low, high = math.log(0.05), math.log(20.0)  # the bracket of log temperatures searched
    seen_range = [math.inf, 0.0]
    band = None
    if config.perplexity is not None:
        factor = 1.0 + config.tolerance
        band = (config.perplexity / factor, config.perplexity * factor)
    for _ in range(config.max_rounds):
        wanted = need - len(kept)
        texts = source.sample(max(16, 2 * wanted), config.length, temperature, rng)
        if not texts:
            continue
        ppl = source.perplexity(texts)
        finite = ppl[np.isfinite(ppl)]
        if finite.size:
            seen_range = [min(seen_range[0], float(finite.min())), max(seen_range[1], float(finite.max()))]
        before = len(kept)
        for text, value in zip(texts, ppl.tolist()):
            if text not in kept and (band is None or band[0] <= value <= band[1]):
                kept[text] = value
        if progress is not None:
            progress(min(len(kept), need) - min(before, need))
        if len(kept) >= need:
            break
        if band is not None and finite.size:
            # Bisection on log temperature toward the median hitting the target.
            if float(np.median(finite)) < config.perplexity:
                low = math.log(temperature)
            else:
                high = math.log(temperature)
            temperature = math.exp((low + high) / 2)
    if len(kept) < need:
        target = "" if band is None else f" with perplexity in [{band[0]:.1f}, {band[1]:.1f}]"
        raise TrapError(f"made only {len(kept)} of {need} distinct sequences{target} after {config.max_rounds} "
                        f"rounds (perplexities seen: {seen_range[0]:.1f} to {seen_range[1]:.1f}); change "
                        "--perplexity, widen --tolerance, or lengthen the traps")
    pool = list(kept.items())
    order = rng.permutation(len(pool))[:need]
    chosen = [pool[i] for i in order]

    def sequence(prefix: str, i: int, text: str, value: float) -> TrapSequence:
        tokens, ids = source.tokens(text)
        return TrapSequence(id=f"{prefix}{i:04d}", text=text, tokens=tokens, token_ids=ids, perplexity=value)

    traps = [sequence("trap-", i, t, v) for i, (t, v) in enumerate(chosen[: config.count])]
    controls = [sequence("control-", i, t, v) for i, (t, v) in enumerate(chosen[config.count:])]
    generator = {**source.describe(), "length": config.length, "target_perplexity": config.perplexity,
                 "tolerance": config.tolerance if band is not None else None,
                 "final_temperature": temperature, "start_temperature": config.temperature}
    return TrapManifest(seed=config.seed, generator=generator, traps=traps, controls=controls)


@dataclass(slots=True)
class GroupResult:
    """Traps inserted ``repeats`` times against all controls."""

    repeats: int | None  # None: every inserted trap together
    n_traps: int
    n_controls: int
    auc: float
    auc_ci: tuple[float, float]
    p_value: float
    mean_trap_score: float
    mean_control_score: float

    def to_json(self) -> dict[str, Any]:
        return {"repeats": self.repeats, "n_traps": self.n_traps, "n_controls": self.n_controls, "auc": self.auc,
                "auc_ci": list(self.auc_ci), "p_value": self.p_value, "mean_trap_score": self.mean_trap_score,
                "mean_control_score": self.mean_control_score}


@dataclass(slots=True)
class Detection:
    model: str
    score: str
    reference: str | None
    groups: list[GroupResult]
    overall: GroupResult | None  # None when no trap was inserted
    trap_scores: dict[str, float] = field(default_factory=dict)
    control_scores: dict[str, float] = field(default_factory=dict)
    alpha: float = 0.05

    @property
    def detected(self) -> bool:
        return self.overall is not None and self.overall.p_value < self.alpha

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "score": self.score, "reference": self.reference, "alpha": self.alpha,
                "detected": self.detected, "overall": None if self.overall is None else self.overall.to_json(),
                "groups": [g.to_json() for g in self.groups], "trap_scores": self.trap_scores,
                "control_scores": self.control_scores}


def _group(repeats: int | None, traps: np.ndarray, controls: np.ndarray, seed: int) -> GroupResult:
    # Mann-Whitney's U is the AUC times n_traps * n_controls: the test and the AUC agree by construction.
    p_value = float(sps.mannwhitneyu(traps, controls, alternative="greater").pvalue)
    return GroupResult(repeats, int(traps.size), int(controls.size), auc(traps, controls),
                       auc_ci(traps, controls, seed=seed), p_value, float(traps.mean()), float(controls.mean()))


def familiarity(target: Sequence[TokenScores], reference: Sequence[TokenScores] | None = None) -> np.ndarray:
    """-loss under the model, or with a reference model, loss_reference - loss_target (the log of the
    perplexity ratio): how much more the model knows the sequence than a model that never saw it."""
    values = np.array([-s.loss for s in target])
    if reference is not None:
        values = values + np.array([s.loss for s in reference])
    return values


def detect(lm: LoadedModel, manifest: TrapManifest, *, reference: LoadedModel | None = None,
           batch_size: int = 8, alpha: float = 0.05, seed: int = 0,
           progress: Callable[[int], None] | None = None) -> Detection:
    """Score every trap and control and test, per repeat count, whether traps score higher."""
    if not manifest.controls:
        raise TrapError("the manifest holds no control sequences to compare the traps with")
    if not manifest.traps:
        raise TrapError("the manifest holds no traps")
    texts = [s.text for s in manifest.traps] + [s.text for s in manifest.controls]
    target = score_texts(lm, texts, batch_size=batch_size, progress=progress)
    ref = score_texts(reference, texts, batch_size=batch_size, progress=progress) if reference is not None else None
    values = familiarity(target, ref)
    n_traps = len(manifest.traps)
    trap_values, control_values = values[:n_traps], values[n_traps:]
    groups = []
    repeats = np.array([t.repeats for t in manifest.traps])
    for r in sorted(set(repeats.tolist())):
        groups.append(_group(r, trap_values[repeats == r], control_values, seed))
    inserted = repeats > 0
    overall = _group(None, trap_values[inserted], control_values, seed) if inserted.any() else None
    return Detection(
        model=str(lm.path), score="ratio" if reference is not None else "loss",
        reference=None if reference is None else str(reference.path), groups=groups, overall=overall,
        trap_scores={t.id: float(v) for t, v in zip(manifest.traps, trap_values)},
        control_scores={c.id: float(v) for c, v in zip(manifest.controls, control_values)}, alpha=alpha,
    )
