"""Per-token statistics of texts under a causal LM, from ONE batched forward pass per batch.

Every single-pass attack (loss, zlib, Min-K% Prob, Min-K%++) reads its score from these arrays, so a
document costs one forward pass however many of those attacks run. The pass keeps, per scored token,
log p of the actual next token and the mean and standard deviation of log p over the whole vocabulary
under the model's own next-token distribution (what Min-K%++ normalizes by).

Each text is preceded by the tokenizer's BOS token (or EOS where there is no BOS, the document
separator GPT-2-style models were trained with), so that its first token is scored too. A tokenizer with
neither scores from the second token on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from clearance.audit.model import LoadedModel, require_torch


@dataclass(slots=True)
class TokenScores:
    """What one forward pass says about one text; arrays are aligned, one entry per scored token."""

    token_ids: np.ndarray  # int64: the scored target tokens
    logprobs: np.ndarray  # float32: log p(token | preceding tokens), natural log
    mu: np.ndarray  # float32: E_z[log p(z | prefix)] under the model's next-token distribution
    sigma: np.ndarray  # float32: std of log p(z | prefix) under the same distribution
    scored_chars: int  # the scored tokens cover text[:scored_chars] (less than len(text) when truncated)

    @property
    def n_tokens(self) -> int:
        return int(self.token_ids.size)

    @property
    def loss(self) -> float:
        """Mean negative log-likelihood per token in nats (NaN for a text with no scored token)."""
        return float(-self.logprobs.mean(dtype=np.float64)) if self.logprobs.size else float("nan")

    @property
    def nll_sum(self) -> float:
        """Total negative log-likelihood of the scored text in nats: its information content to the model."""
        return float(-self.logprobs.sum(dtype=np.float64))


@dataclass(slots=True)
class Encoded:
    """One text as model input: ``ids[n_context:]`` are the scored tokens."""

    ids: list[int]
    n_context: int
    scored_chars: int


def _context_token(tokenizer: object) -> int | None:
    for name in ("bos_token_id", "eos_token_id"):
        value = getattr(tokenizer, name, None)
        if isinstance(value, int):
            return value
    return None


def encode_texts(lm: LoadedModel, texts: Sequence[str], max_tokens: int = 512) -> list[Encoded]:
    """Tokenize without the tokenizer's own special tokens, prepend the context token, truncate so that at
    most ``max_tokens`` tokens are scored and the input fits the model."""
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    if not texts:
        return []
    tokenizer = lm.tokenizer
    start = _context_token(tokenizer)
    with_offsets = bool(getattr(tokenizer, "is_fast", False))
    batch = tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=with_offsets)
    limit = min(max_tokens, lm.max_length - 1)
    out = []
    for i, text in enumerate(texts):
        raw = list(batch["input_ids"][i])
        # With a context token every kept token is scored; without one the first token is context only.
        kept = raw[:limit] if start is not None else raw[: limit + 1]
        ids = [start, *kept] if start is not None else kept
        if len(kept) == len(raw):
            chars = len(text)
        elif with_offsets:
            chars = int(batch["offset_mapping"][i][len(kept) - 1][1])
        else:
            chars = len(tokenizer.decode(kept))
        out.append(Encoded(ids=ids, n_context=1, scored_chars=chars))
    return out


def _empty(chars: int = 0) -> TokenScores:
    empty = np.zeros(0, dtype=np.float32)
    return TokenScores(np.zeros(0, dtype=np.int64), empty, empty, empty, chars)


def score_encoded(lm: LoadedModel, encoded: Sequence[Encoded], *, batch_size: int = 8,
                  progress: Callable[[int], None] | None = None) -> list[TokenScores]:
    """Score already-encoded texts: longest first, one forward pass per batch, results in input order.

    Sorting by length keeps padding (wasted compute) small; right padding with an attention mask leaves
    every real token's context unchanged, so a text scores the same alone or in any batch.
    """
    torch = require_torch()
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    results: list[TokenScores | None] = [None] * len(encoded)
    order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i].ids))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            for i, scores in zip(chunk, _score_batch(lm, [encoded[i] for i in chunk], torch)):
                results[i] = scores
            if progress is not None:
                progress(len(chunk))
    return results  # type: ignore[return-value]


def _score_batch(lm: LoadedModel, batch: Sequence[Encoded], torch: object) -> list[TokenScores]:
    scorable = [enc for enc in batch if len(enc.ids) > enc.n_context]
    if not scorable:
        return [_empty(enc.scored_chars) for enc in batch]
    width = max(len(enc.ids) for enc in scorable)
    ids = torch.zeros((len(scorable), width), dtype=torch.long)  # pad with id 0: masked, never scored
    mask = torch.zeros((len(scorable), width), dtype=torch.long)
    for row, enc in enumerate(scorable):
        ids[row, : len(enc.ids)] = torch.tensor(enc.ids, dtype=torch.long)
        mask[row, : len(enc.ids)] = 1
    logits = lm.model(input_ids=ids.to(lm.device), attention_mask=mask.to(lm.device)).logits
    scored = iter(range(len(scorable)))
    out = []
    for enc in batch:
        if len(enc.ids) <= enc.n_context:
            out.append(_empty(enc.scored_chars))
            continue
        row = next(scored)
        n = len(enc.ids)
        # Position t predicts token t+1: the predictions for the scored tokens are n_context-1 .. n-2.
        step_logits = logits[row, enc.n_context - 1: n - 1].float()
        logp = torch.log_softmax(step_logits, dim=-1)
        targets = ids[row, enc.n_context:n].to(logp.device)
        token_lp = logp.gather(-1, targets[:, None])[:, 0]
        probs = logp.exp()
        # Tokens a model rules out entirely (logit -inf) have p = 0 and contribute 0, not 0 * -inf = NaN.
        finite_logp = torch.where(probs > 0, logp, torch.zeros_like(logp))
        mu = (probs * finite_logp).sum(-1)
        centered = finite_logp - mu[:, None]  # centered: no cancellation between E[X^2] and mu^2
        sigma = (probs * centered * centered).sum(-1).sqrt()
        out.append(TokenScores(
            token_ids=targets.cpu().numpy().astype(np.int64),
            logprobs=token_lp.cpu().numpy().astype(np.float32),
            mu=mu.cpu().numpy().astype(np.float32),
            sigma=sigma.cpu().numpy().astype(np.float32),
            scored_chars=enc.scored_chars,
        ))
    return out


def score_texts(lm: LoadedModel, texts: Sequence[str], *, batch_size: int = 8, max_tokens: int = 512,
                progress: Callable[[int], None] | None = None) -> list[TokenScores]:
    """Per-token log-probabilities and Min-K%++ statistics of each text, in input order.

    ``progress`` is called after each batch with the number of texts it held.
    """
    return score_encoded(lm, encode_texts(lm, texts, max_tokens), batch_size=batch_size, progress=progress)
