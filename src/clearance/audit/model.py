"""Loading the audited causal language model (and its tokenizer) from a local directory, never a hub."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Where the audit extra is missing, every audit command says how to get it.
INSTALL_HINT = "the audit commands need the audit extra: pip install 'clearance[audit]'"

#: Files whose presence marks a directory as holding model weights.
_WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                 "pytorch_model.bin.index.json")


class ModelLoadError(ValueError):
    """The model directory cannot be used: says which path and why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadedModel:
    """A causal LM in eval mode on its device, with the tokenizer that goes with it."""

    model: Any
    tokenizer: Any
    device: str
    path: Path
    #: The longest input (in tokens) the model accepts: its position embeddings, or the tokenizer's limit.
    max_length: int

    @property
    def name(self) -> str:
        return self.path.name


def require_torch() -> Any:
    """Import torch, or fail with the pip command that installs it."""
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - the test extra installs torch
        raise ModelLoadError("torch", INSTALL_HINT) from exc
    return torch


def check_device(device: str) -> str:
    """Accept cpu, cuda and cuda:N; refuse cuda where torch sees no GPU, before anything loads."""
    torch = require_torch()
    kind = device.split(":", 1)[0]
    if kind not in ("cpu", "cuda"):
        raise ModelLoadError(device, "device must be 'cpu' or 'cuda' (or 'cuda:N')")
    if kind == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError(device, "CUDA was asked for but torch sees no GPU (use --device cpu)")
    return device


def _max_length(model: Any, tokenizer: Any) -> int:
    config = model.config
    for name in ("n_positions", "max_position_embeddings", "n_ctx", "seq_length"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(limit, int) and 0 < limit < 1_000_000:
        return limit
    return 2048


def load_model(path: str | Path, device: str = "cpu") -> LoadedModel:
    """A causal LM and its tokenizer from a LOCAL directory, in eval mode, on ``device``.

    Nothing is fetched from a hub (``local_files_only``). On CPU the weights are loaded as float32 (half
    precision is slow or unsupported there); on CUDA they keep the dtype they were saved in.
    """
    torch = require_torch()
    directory = Path(path)
    if not directory.exists():
        raise ModelLoadError(directory, "model directory does not exist")
    if not directory.is_dir():
        raise ModelLoadError(directory, "not a directory (give the folder written by save_pretrained)")
    if not (directory / "config.json").is_file():
        raise ModelLoadError(directory, "no config.json: not a transformers model directory")
    if not any((directory / name).is_file() for name in _WEIGHT_FILES):
        raise ModelLoadError(directory, f"no model weights ({', '.join(_WEIGHT_FILES[::2])})")
    check_device(device)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:  # pragma: no cover
        raise ModelLoadError(directory, INSTALL_HINT) from exc
    hf_logging.disable_progress_bar()  # our own progress bars report; a second one per load is noise

    try:
        tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(directory, f"cannot load the tokenizer: {exc}") from exc
    dtype = torch.float32 if device == "cpu" else "auto"
    try:
        model = AutoModelForCausalLM.from_pretrained(directory, local_files_only=True, dtype=dtype)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise ModelLoadError(directory, f"cannot load a causal language model: {exc}") from exc
    model.to(device)
    model.eval()
    if tokenizer.pad_token_id is None:
        # Padding positions are masked out of attention and of every score, so any token will do.
        if tokenizer.eos_token is not None:
            tokenizer.pad_token = tokenizer.eos_token
        else:
            tokenizer.add_special_tokens({"pad_token": "<pad>"})
    return LoadedModel(model=model, tokenizer=tokenizer, device=device, path=directory,
                       max_length=_max_length(model, tokenizer))
