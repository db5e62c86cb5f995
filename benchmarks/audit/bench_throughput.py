"""Membership-inference scoring throughput on CPU, shared single pass against naive per-attack passes.

A randomly initialized GPT-2 (no download; the weights do not change the cost) scores synthetic
documents several ways, each computing the four single-pass scores (loss, zlib, Min-K% Prob, Min-K%++):

- shared: ``clearance.audit.features.score_texts`` once (one batched forward pass per batch), every
  score read from it: what ``clearance audit mia`` does;
- naive, batched: one ``score_texts`` call PER ATTACK (four batched passes over the same documents),
  the cost of tools that run each attack as its own job;
- naive, per document: one unbatched forward pass per attack per document (batch size 1), the way
  most public reference scripts loop;
- a lower bound for any naive loop: three passes that keep only the log-probabilities of the actual
  tokens (all loss, zlib and Min-K% need) plus one full pass (Min-K%++ needs the vocabulary statistics).

Reported: scored tokens per second of each (best round), and the cost ratios naive / shared, both of
the best times and as the median of per-round ratios. The rounds interleave the variants; the load
average before and after is recorded, since the machine may be shared.

Example::

    .venv/bin/python benchmarks/audit/bench_throughput.py --docs 64 --tokens 256 --threads 1 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def _build_model(directory: Path, layers: int, width: int, heads: int, vocab: int, positions: int) -> None:
    """A word-level tokenizer over ``w0 .. w{vocab-2}`` and a random GPT-2 of the given shape."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    vocabulary = {"<|endoftext|>": 0, **{f"w{i}": i + 1 for i in range(vocab - 1)}}
    core = Tokenizer(models.WordLevel(vocabulary, unk_token="<|endoftext|>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<|endoftext|>", eos_token="<|endoftext|>",
                                        unk_token="<|endoftext|>", pad_token="<|endoftext|>")
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=vocab, n_positions=positions, n_embd=width, n_layer=layers, n_head=heads,
                        bos_token_id=0, eos_token_id=0)
    GPT2LMHeadModel(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)


def _documents(n: int, tokens: int, vocab: int, seed: int = 0) -> list[str]:
    """Documents of varied length (between half and all of ``tokens``), so batches carry padding."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(tokens // 2, tokens + 1, size=n)
    return [" ".join(f"w{i}" for i in rng.integers(1, vocab, size=length)) for length in lengths]


def _all_scores(feats, texts) -> None:
    from clearance.audit.attacks import single_pass_scores

    for f, text in zip(feats, texts):
        single_pass_scores(f, text)


def _one_score(feats, texts, name: str) -> None:
    from clearance.audit import attacks

    for f, text in zip(feats, texts):
        if name == "loss":
            attacks.loss_score(f)
        elif name == "zlib":
            attacks.zlib_score(f, text)
        elif name == "min_k":
            attacks.min_k_score(f)
        else:
            attacks.min_k_pp_score(f)


def run(args: argparse.Namespace) -> dict:
    import torch

    from clearance.audit.attacks import SINGLE_PASS
    from clearance.audit.features import encode_texts, score_texts
    from clearance.audit.model import load_model

    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        _build_model(Path(tmp), args.layers, args.width, args.heads, args.vocab, args.tokens + 1)
        lm = load_model(tmp)
        params = sum(p.numel() for p in lm.model.parameters())
        texts = _documents(args.docs, args.tokens, args.vocab)
        score_texts(lm, texts[:2], max_tokens=args.tokens)  # warm-up: first-call allocations
        n_tokens = sum(len(t.split()) for t in texts)

        def shared() -> None:
            feats = score_texts(lm, texts, batch_size=args.batch_size, max_tokens=args.tokens)
            _all_scores(feats, texts)

        def naive_batched() -> None:
            for name in SINGLE_PASS:
                feats = score_texts(lm, texts, batch_size=args.batch_size, max_tokens=args.tokens)
                _one_score(feats, texts, name)

        def logprobs_only() -> None:
            """A pass that keeps only log p of the actual tokens (no vocabulary statistics): what a naive
            tool needs for loss, zlib or Min-K% alone. Bounds how cheap the naive passes could be."""
            encoded = sorted(encode_texts(lm, texts, args.tokens), key=lambda e: -len(e.ids))
            with torch.inference_mode():
                for start in range(0, len(encoded), args.batch_size):
                    batch = encoded[start:start + args.batch_size]
                    width = max(len(e.ids) for e in batch)
                    ids = torch.zeros((len(batch), width), dtype=torch.long)
                    mask = torch.zeros_like(ids)
                    for row, e in enumerate(batch):
                        ids[row, : len(e.ids)] = torch.tensor(e.ids)
                        mask[row, : len(e.ids)] = 1
                    logits = lm.model(input_ids=ids, attention_mask=mask).logits
                    for row, e in enumerate(batch):
                        logp = torch.log_softmax(logits[row, : len(e.ids) - 1].float(), -1)
                        logp.gather(-1, ids[row, 1: len(e.ids), None]).numpy()

        def naive_per_document() -> None:
            for name in SINGLE_PASS:
                for text in texts:
                    _one_score(score_texts(lm, [text], batch_size=1, max_tokens=args.tokens), [text], name)

        variants = [("shared", shared), ("logprobs_only_pass", logprobs_only), ("naive_batched", naive_batched)]
        if not args.skip_unbatched:
            variants.append(("naive_per_document", naive_per_document))
        # Rounds interleave the variants, so a burst of load from another process hits one round of
        # each rather than all repeats of one: per-round ratios stay comparable on a shared machine.
        timings: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for label, fn in variants:
                start = time.perf_counter()
                fn()
                timings.setdefault(label, []).append(time.perf_counter() - start)
    best = {label: min(values) for label, values in timings.items()}
    # The cheapest conceivable naive loop: three log-prob-only passes (loss, zlib, Min-K%) and one full
    # pass (Min-K%++ needs the vocabulary statistics).
    best["naive_lower_bound"] = 3 * best["logprobs_only_pass"] + best["shared"]
    return {
        "machine": {"cpu_count": os.cpu_count(), "threads": args.threads, "platform": platform.platform(),
                    "python": platform.python_version(), "torch": torch.__version__,
                    "load_average": list(os.getloadavg())},
        "model": {"layers": args.layers, "width": args.width, "heads": args.heads, "vocab": args.vocab,
                  "parameters": params},
        "data": {"documents": args.docs, "max_tokens": args.tokens, "scored_tokens": n_tokens,
                 "batch_size": args.batch_size},
        "seconds_best": best,
        "seconds_all": timings,
        "tokens_per_second": {label: n_tokens / s for label, s in best.items()},
        "cost_ratio_vs_shared": {label: s / best["shared"] for label, s in best.items()},
        "median_round_ratio_vs_shared": {
            label: statistics.median(t / base for t, base in zip(v, timings["shared"])) for label, v in timings.items()
        },
        "load_average_after": list(os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--tokens", type=int, default=256, help="longest document, in tokens")
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--vocab", type=int, default=8192)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-unbatched", action="store_true", help="leave out the per-document naive loop")
    parser.add_argument("--out", type=Path, help="also write the JSON result here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    result = run(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
