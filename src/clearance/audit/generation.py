"""Batched continuation of token prompts: greedy or sampled, a fixed number of new tokens each.

Prompts of different lengths share a batch through LEFT padding with an attention mask, so every
prompt's last real token sits at the end of the row, where generation continues; transformers derives
position ids from the mask, so a prompt continues exactly as it would alone (the tests check this).
Generation is forced to run for exactly ``new_tokens`` steps (an early end-of-text would make two
continuations incomparable token by token).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from clearance.audit.model import LoadedModel, require_torch


def context_token(tokenizer: object) -> int | None:
    """The token a document starts after in training: BOS, else EOS (GPT-2's document separator).

    The same convention as ``clearance.audit.features``, so that generation and scoring agree.
    """
    for name in ("bos_token_id", "eos_token_id"):
        value = getattr(tokenizer, name, None)
        if isinstance(value, int):
            return value
    return None


@dataclass(frozen=True, slots=True)
class Sampling:
    """Greedy when ``greedy``; otherwise ``samples`` draws per prompt at ``temperature``, restricted to the
    ``top_k`` likeliest tokens (0: no restriction)."""

    greedy: bool = True
    samples: int = 1
    temperature: float = 1.0
    top_k: int = 0

    def __post_init__(self) -> None:
        if self.samples < 1:
            raise ValueError(f"samples must be at least 1, not {self.samples}")
        if self.greedy and self.samples != 1:
            raise ValueError("greedy decoding gives one continuation per prompt")
        if not self.temperature > 0:
            raise ValueError(f"temperature must be positive, not {self.temperature}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be 0 (off) or positive, not {self.top_k}")


def _generate_batch(lm: LoadedModel, prompts: Sequence[Sequence[int]], new_tokens: int, sampling: Sampling,
                    torch: object) -> np.ndarray:
    tokenizer = lm.tokenizer
    pad = tokenizer.pad_token_id
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for row, prompt in enumerate(prompts):
        if len(prompt):
            ids[row, width - len(prompt):] = torch.tensor(list(prompt), dtype=torch.long)
            mask[row, width - len(prompt):] = 1
    options: dict[str, object] = {
        "max_new_tokens": new_tokens, "min_new_tokens": new_tokens, "pad_token_id": pad,
        "num_beams": 1, "use_cache": True,
    }
    if sampling.greedy:
        options["do_sample"] = False
    else:
        options.update(do_sample=True, temperature=sampling.temperature, top_p=1.0,
                       top_k=sampling.top_k if sampling.top_k > 0 else None,
                       num_return_sequences=sampling.samples)
    out = lm.model.generate(input_ids=ids.to(lm.device), attention_mask=mask.to(lm.device), **options)
    generated = out[:, width:].cpu().numpy().astype(np.int64)
    return generated.reshape(len(prompts), sampling.samples, new_tokens)


def generate(lm: LoadedModel, prompts: Sequence[Sequence[int]], new_tokens: int, sampling: Sampling = Sampling(),
             *, batch_size: int = 8, seed: int = 0,
             progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Continuations of each prompt, shape (prompts, samples, new_tokens).

    Every prompt needs at least one token (give the context token for unconditional generation).
    Sampling is seeded once per call, so a rerun with the same inputs, batch size and seed repeats it.
    """
    torch = require_torch()
    if new_tokens < 1:
        raise ValueError(f"new_tokens must be at least 1, not {new_tokens}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if any(len(p) == 0 for p in prompts):
        raise ValueError("every prompt needs at least one token")
    out = np.zeros((len(prompts), sampling.samples, new_tokens), dtype=np.int64)
    torch.manual_seed(seed)
    with torch.inference_mode():
        for start in range(0, len(prompts), batch_size):
            chunk = prompts[start:start + batch_size]
            out[start:start + len(chunk)] = _generate_batch(lm, chunk, new_tokens, sampling, torch)
            if progress is not None:
                progress(len(chunk))
    return out
