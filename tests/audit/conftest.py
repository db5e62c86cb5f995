"""Audit fixtures: one tiny GPT-2 trained once per session (and cached across sessions by recipe hash)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from .tiny_corpus import TinyModel, build_tiny_model

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _cache_root() -> Path | None:
    """~/.cache/clearance/test-models unless CLEARANCE_TEST_MODEL_CACHE says otherwise ("" turns it off)."""
    configured = os.environ.get("CLEARANCE_TEST_MODEL_CACHE")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "clearance" / "test-models"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> TinyModel:
    """Members trained on, non-members never; canaries and traps with known repeat counts."""
    import torch

    # One thread unless told otherwise: on a shared 2-core machine, two threads ran several times slower.
    torch.set_num_threads(int(os.environ.get("CLEARANCE_TEST_THREADS", "1")))
    return build_tiny_model(_cache_root(), tmp_path_factory.mktemp("tiny-model"), threads=torch.get_num_threads())


@pytest.fixture(scope="session")
def tiny_lm(tiny_model: TinyModel):
    """The tiny model loaded once for tests that only read it."""
    from clearance.audit.model import load_model

    return load_model(tiny_model.path)


@pytest.fixture(scope="session")
def masked_lm(tmp_path_factory, tiny_model):
    """A tiny randomly initialized BERT over the fixture's word vocabulary: real code path, no download."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertForMaskedLM, PreTrainedTokenizerFast

    words = tiny_model.vocabulary
    vocab_list = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", *words, *[w.capitalize() for w in words]]
    vocab = {t: i for i, t in enumerate(vocab_list)}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]",
                                                        special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]",
                                        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    torch.manual_seed(0)
    model = BertForMaskedLM(BertConfig(vocab_size=len(vocab_list), hidden_size=32, num_hidden_layers=1,
                                       num_attention_heads=2, intermediate_size=64, max_position_embeddings=128))
    path = tmp_path_factory.mktemp("tiny-bert")
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
