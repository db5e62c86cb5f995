"""Neighbours for the neighbourhood attack (Mattern et al. 2023): copies of a text with a few words
replaced, close in meaning and form, that the model has (almost surely) never seen.

Two generators, both deterministic given the seed and the text (a rerun makes the same neighbours):

- ``MaskedLMNeighbours`` (the paper's method, from a LOCAL masked LM directory): in each neighbour a
  different random set of whole-word tokens is masked at once, and each masked word becomes the masked
  LM's likeliest whole-word token other than the original. Replacements are spliced into the original
  text by character offsets, so casing, spacing and punctuation elsewhere are untouched.
- ``WordSwapNeighbours`` (no model needed): in each neighbour a different random set of words is
  replaced by words drawn from the unigram distribution of all audited texts (members and non-members
  pooled, so the draw says nothing about either), keeping the original word's casing pattern.

Both replace ``max(1, round(fraction * words))`` words per neighbour (default fraction 0.1).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from clearance.audit.model import ModelLoadError, check_device, require_torch

#: A word: letters, optionally joined by an apostrophe (don't, O'Neill). Digits and punctuation stay put.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")

DEFAULT_FRACTION = 0.1


class NeighbourGenerator(Protocol):
    def neighbours(self, texts: Sequence[str], n: int) -> list[list[str]]:
        """``n`` neighbours of each text (fewer, or none, for a text with no replaceable word)."""
        ...


def _text_seed(seed: int, text: str, index: int) -> np.random.Generator:
    digest = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    return np.random.default_rng([seed, digest, index])


def _how_many(n_words: int, fraction: float) -> int:
    return min(n_words, max(1, round(fraction * n_words)))


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word[:1].lower() + word[1:]


def _splice(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, replacement in sorted(spans):
        out += [text[last:start], replacement]
        last = end
    out.append(text[last:])
    return "".join(out)


class WordSwapNeighbours:
    """Replace random words by draws from the pooled unigram distribution (see the module docstring)."""

    def __init__(self, corpus: Iterable[str], *, fraction: float = DEFAULT_FRACTION, seed: int = 0) -> None:
        if not 0 < fraction <= 1:
            raise ValueError(f"fraction must be in (0, 1], not {fraction}")
        counts = Counter(m.group().lower() for text in corpus for m in WORD.finditer(text))
        self.words = sorted(counts)  # sorted: the same pool in any input order
        weights = np.array([counts[w] for w in self.words], dtype=np.float64)
        self.cumulative = np.cumsum(weights) / weights.sum() if weights.size else weights
        self.fraction = fraction
        self.seed = seed

    def _draw(self, rng: np.random.Generator, avoid: str) -> str:
        for _ in range(8):
            index = int(np.searchsorted(self.cumulative, rng.random(), side="right"))
            word = self.words[min(index, len(self.words) - 1)]
            if word != avoid:
                return word
        return word

    def neighbours(self, texts: Sequence[str], n: int) -> list[list[str]]:
        out = []
        for text in texts:
            spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
            if not spans or len(self.words) < 2:
                out.append([])
                continue
            count = _how_many(len(spans), self.fraction)
            mine = []
            for i in range(n):
                rng = _text_seed(self.seed, text, i)
                chosen = rng.choice(len(spans), size=count, replace=False)
                edits = []
                for j in chosen:
                    start, end = spans[j]
                    original = text[start:end]
                    edits.append((start, end, _match_case(self._draw(rng, original.lower()), original)))
                mine.append(_splice(text, edits))
            out.append(mine)
        return out


class MaskedLMNeighbours:
    """Replace random whole words by a local masked LM's likeliest other word (see the module docstring)."""

    def __init__(self, path: str | Path, *, device: str = "cpu", fraction: float = DEFAULT_FRACTION, seed: int = 0,
                 batch_size: int = 16) -> None:
        torch = require_torch()
        directory = Path(path)
        if not (directory / "config.json").is_file():
            raise ModelLoadError(directory, "no config.json: not a transformers masked LM directory")
        check_device(device)
        from transformers import AutoModelForMaskedLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        try:
            self.tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
            self.model = AutoModelForMaskedLM.from_pretrained(directory, local_files_only=True,
                                                              dtype=torch.float32).to(device).eval()
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelLoadError(directory, f"cannot load a masked language model: {exc}") from exc
        if self.tokenizer.mask_token_id is None:
            raise ModelLoadError(directory, "the tokenizer has no mask token")
        if not getattr(self.tokenizer, "is_fast", False):
            raise ModelLoadError(directory, "a fast tokenizer is needed (character offsets)")
        self.device = device
        self.fraction = fraction
        self.seed = seed
        self.batch_size = batch_size
        self.max_length = min(getattr(self.tokenizer, "model_max_length", 512) or 512, 512)
        self._banned = self._non_words(torch)

    def _non_words(self, torch: Any) -> Any:
        """Vocabulary entries that are not a whole word on their own: special tokens, word pieces that
        continue a word, punctuation and numbers. They are never proposed."""
        vocab = self.tokenizer.get_vocab()
        banned = torch.ones(max(len(self.tokenizer), max(vocab.values()) + 1), dtype=torch.bool)
        special = set(self.tokenizer.all_special_ids)
        for token, index in vocab.items():
            if index in special or token.startswith("##"):
                continue
            text = self.tokenizer.convert_tokens_to_string([token]).strip()
            if text and WORD.fullmatch(text):
                banned[index] = False
        return banned

    def _banned_for(self, size: int, torch: Any) -> Any:
        """The banned mask fitted to the model's output size (models may pad their vocabulary)."""
        if self._banned.numel() < size:
            padding = torch.ones(size - self._banned.numel(), dtype=torch.bool)
            self._banned = torch.cat([self._banned, padding])
        return self._banned[:size]

    def _eligible(self, text: str, offsets: list[tuple[int, int]], special: list[int]) -> list[int]:
        """Token positions that cover exactly one whole word of the text."""
        words = {(m.start(), m.end()) for m in WORD.finditer(text)}
        return [i for i, (span, is_special) in enumerate(zip(offsets, special))
                if not is_special and tuple(span) in words]

    def neighbours(self, texts: Sequence[str], n: int) -> list[list[str]]:
        torch = require_torch()
        out = []
        for text in texts:
            enc = self.tokenizer(text, truncation=True, max_length=self.max_length, return_offsets_mapping=True,
                                 return_special_tokens_mask=True)
            offsets = [tuple(span) for span in enc["offset_mapping"]]
            eligible = self._eligible(text, offsets, enc["special_tokens_mask"])
            if not eligible:
                out.append([])
                continue
            count = _how_many(len(eligible), self.fraction)
            plans = [sorted(_text_seed(self.seed, text, i).choice(eligible, size=count, replace=False).tolist())
                     for i in range(n)]
            ids = torch.tensor(enc["input_ids"], dtype=torch.long)
            mine = []
            for start in range(0, n, self.batch_size):
                chunk = plans[start:start + self.batch_size]
                batch = ids.repeat(len(chunk), 1)
                for row, positions in enumerate(chunk):
                    batch[row, positions] = self.tokenizer.mask_token_id
                with torch.no_grad():
                    logits = self.model(input_ids=batch.to(self.device)).logits.float().cpu()
                logits[:, :, self._banned_for(logits.shape[-1], torch)] = -torch.inf
                for row, positions in enumerate(chunk):
                    edits = []
                    for pos in positions:
                        scores = logits[row, pos].clone()
                        scores[ids[pos]] = -torch.inf  # never the original word
                        if not torch.isfinite(scores.max()):
                            continue  # no whole word to offer: keep the original
                        token = self.tokenizer.convert_ids_to_tokens(int(scores.argmax()))
                        word = self.tokenizer.convert_tokens_to_string([token]).strip()
                        s, e = offsets[pos]
                        edits.append((s, e, _match_case(word, text[s:e])))
                    mine.append(_splice(text, edits))
            out.append(mine)
        return out
