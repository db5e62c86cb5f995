"""A synthetic corpus and a tiny GPT-2 trained on it until it memorizes: the audit suite's model organism.

Everything is built locally (no hub): a vocabulary of seeded pseudo-words, a word-level tokenizer made
with the ``tokenizers`` library, and a 2-layer GPT-2 trained from scratch. Members, non-members,
canaries, traps and trap controls come from seeded generators, so every run builds the same model.

Repeat counts (canaries, traps) are numbers of copies in the training set; the set is trained for
``EPOCHS`` epochs, so a sequence with k copies is seen k * EPOCHS times.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Bump when the training code changes: the cache key hashes the corpus and the settings, not the code.
RECIPE_VERSION = 1

N_WORDS = 600
N_MEMBERS = 200
N_NONMEMBERS = 200
CANARY_REPEATS = (0, 1, 4, 16)
CANARIES_PER_REPEAT = 4
CANARY_PREFIX_TOKENS = 8
CANARY_SUFFIX_TOKENS = 8
TRAP_REPEATS = (0, 10, 20)
TRAPS_PER_REPEAT = 6
TRAP_TOKENS = 12
N_TRAP_CONTROLS = 12
EPOCHS = 18
BATCH_SIZE = 32
LEARNING_RATE = 5e-3
SEED = 20240501

SPECIAL = "<|endoftext|>"
UNKNOWN = "[UNK]"


@dataclass
class TinyModel:
    """The trained model directory and the texts whose training status is known exactly."""

    path: Path
    members: list[str]
    nonmembers: list[str]
    canaries: dict[int, list[str]]
    traps: dict[int, list[str]]
    trap_controls: list[str]
    canary_prefix_tokens: int = CANARY_PREFIX_TOKENS
    vocabulary: list[str] = field(default_factory=list)


def pseudo_words(n: int, seed: int = SEED) -> list[str]:
    """Distinct pronounceable lowercase words, so the tokenizer is word-level and texts read like text."""
    rng = random.Random(seed)
    onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
              "br", "dr", "fl", "gr", "kl", "pr", "st", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < n:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.4:
            word += rng.choice("nrsltm")
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Generator:
    """Seeded text sources. Prose draws Zipf-distributed words (learnable structure, like language);
    canaries and traps draw uniformly (high entropy, so only memorization makes them likely)."""

    def __init__(self, words: list[str], seed: int) -> None:
        self.words = words
        self.rng = random.Random(seed)
        weights = [1.0 / (rank + 1) for rank in range(len(words))]
        total = sum(weights)
        self.zipf = [w / total for w in weights]

    def sentence(self, words: list[str] | None = None, weights: list[float] | None = None) -> str:
        n = self.rng.randint(6, 10)
        picked = self.rng.choices(words or self.words, weights=weights or self.zipf, k=n)
        if n > 7 and self.rng.random() < 0.5:
            picked[self.rng.randint(2, n - 3)] += ","
        picked[0] = picked[0].capitalize()
        return " ".join(picked) + "."

    def document(self, words: list[str] | None = None, weights: list[float] | None = None) -> str:
        return " ".join(self.sentence(words, weights) for _ in range(self.rng.randint(3, 4)))

    def uniform(self, n_tokens: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(n_tokens))


def shifted_documents(n: int, seed: int = SEED + 7) -> list[str]:
    """Documents from a visibly different source: another part of the vocabulary, another word
    distribution. A bag-of-words classifier tells them from the prose at a glance (the shift test)."""
    words = pseudo_words(N_WORDS)
    gen = Generator(words, seed)
    upper = words[N_WORDS // 2:]
    flat = [1.0] * len(upper)
    return [gen.document(upper, flat) for _ in range(n)]


@dataclass
class Corpus:
    words: list[str]
    members: list[str]
    nonmembers: list[str]
    canaries: dict[int, list[str]]
    traps: dict[int, list[str]]
    trap_controls: list[str]

    def training_texts(self) -> list[str]:
        texts = list(self.members)
        for repeats, seqs in self.canaries.items():
            texts += [s for s in seqs for _ in range(repeats)]
        for repeats, seqs in self.traps.items():
            texts += [s for s in seqs for _ in range(repeats)]
        return texts


def make_corpus(seed: int = SEED) -> Corpus:
    words = pseudo_words(N_WORDS, seed)
    prose = Generator(words, seed + 1)
    docs = [prose.document() for _ in range(N_MEMBERS + N_NONMEMBERS)]
    secret = Generator(words, seed + 2)
    canaries = {k: [secret.uniform(CANARY_PREFIX_TOKENS + CANARY_SUFFIX_TOKENS) for _ in range(CANARIES_PER_REPEAT)]
                for k in CANARY_REPEATS}
    trap_gen = Generator(words, seed + 3)
    traps = {k: [trap_gen.uniform(TRAP_TOKENS) for _ in range(TRAPS_PER_REPEAT)] for k in TRAP_REPEATS}
    controls = [trap_gen.uniform(TRAP_TOKENS) for _ in range(N_TRAP_CONTROLS)]
    return Corpus(words, docs[:N_MEMBERS], docs[N_MEMBERS:], canaries, traps, controls)


def build_tokenizer(words: list[str]):  # -> PreTrainedTokenizerFast
    """Word-level: every vocabulary word in lower and capitalized form, plus punctuation."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab_list = [SPECIAL, UNKNOWN, ".", ","] + words + [w.capitalize() for w in words]
    vocab = {token: i for i, token in enumerate(vocab_list)}
    core = Tokenizer(models.WordLevel(vocab, unk_token=UNKNOWN))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.decoder = decoders.WordPiece(prefix="##", cleanup=True)  # joins with spaces, none before . and ,
    return PreTrainedTokenizerFast(tokenizer_object=core, bos_token=SPECIAL, eos_token=SPECIAL,
                                   unk_token=UNKNOWN, pad_token=SPECIAL)


def _train(corpus: Corpus, directory: Path, threads: int) -> None:
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(SEED)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        tokenizer = build_tokenizer(corpus.words)
        config = GPT2Config(vocab_size=len(tokenizer), n_positions=64, n_embd=96, n_layer=2, n_head=4,
                            bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                            resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
        model = GPT2LMHeadModel(config)
        texts = corpus.training_texts()
        encoded = [[tokenizer.bos_token_id] + tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
        optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.0)
        batch_size = BATCH_SIZE
        steps = EPOCHS * ((len(encoded) + batch_size - 1) // batch_size)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=LEARNING_RATE, total_steps=steps, pct_start=0.1)
        rng = random.Random(SEED)
        model.train()
        for _ in range(EPOCHS):
            order = list(range(len(encoded)))
            rng.shuffle(order)
            for start in range(0, len(order), batch_size):
                batch = [encoded[i] for i in order[start:start + batch_size]]
                width = max(len(ids) for ids in batch)
                ids = torch.zeros((len(batch), width), dtype=torch.long)
                labels = torch.full((len(batch), width), -100, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, seq in enumerate(batch):
                    ids[row, : len(seq)] = torch.tensor(seq)
                    labels[row, : len(seq)] = torch.tensor(seq)
                    mask[row, : len(seq)] = 1
                loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
        model.eval()
        model.save_pretrained(directory)
        tokenizer.save_pretrained(directory)
    finally:
        torch.set_num_threads(previous_threads)


def recipe_key(corpus: Corpus) -> str:
    """Changes whenever the corpus, the settings, torch or transformers change: a cached model is reused
    only if it would be rebuilt identically. Cosmetic edits to this file keep the cache."""
    import torch
    import transformers

    settings = [RECIPE_VERSION, EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED, torch.__version__, transformers.__version__]
    digest = hashlib.sha256(json.dumps([settings, corpus.training_texts()]).encode())
    return digest.hexdigest()[:16]


def build_tiny_model(cache_root: Path | None, scratch: Path, threads: int = 1) -> TinyModel:
    """Train (or reuse from ``cache_root``) the tiny model; directories appear whole via a rename.

    One thread by default: on a shared 2-core machine two busy-waiting threads ran 3-6x slower.
    """
    corpus = make_corpus()
    target = (cache_root or scratch) / f"tiny-gpt2-{recipe_key(corpus)}"
    if not (target / "done.json").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        started = time.perf_counter()
        _train(corpus, tmp, threads)
        (tmp / "done.json").write_text(json.dumps({"train_seconds": round(time.perf_counter() - started, 1)}))
        try:
            os.replace(tmp, target)
        except OSError:  # another process finished first: theirs is identical
            shutil.rmtree(tmp, ignore_errors=True)
    return TinyModel(path=target, members=corpus.members, nonmembers=corpus.nonmembers, canaries=corpus.canaries,
                     traps=corpus.traps, trap_controls=corpus.trap_controls, vocabulary=corpus.words)
