"""Shared fixtures: small corpora and indexes built in temporary directories."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from clearance.documents import Document
from clearance.index import Index, build_index

WORDS = ["the", "river", "ran", "north", "past", "old", "mills", "while", "lanterns", "burned", "in", "narrow", "windows", "and", "every", "traveller", "counted", "stones", "along", "a", "road", "that", "nobody", "remembered", "building", "before", "winter", "came", "down", "from", "silent", "hills", "carrying", "salt", "bread", "letters", "iron", "wool", "copper", "glass"]


def random_text(rng: random.Random, n_words: int, vocabulary: list[str] = WORDS) -> str:
    out = []
    for i in range(n_words):
        word = rng.choice(vocabulary)
        out.append(word)
        out.append(rng.choice([" ", " ", " ", ", ", ". ", "\n"]) if i < n_words - 1 else ".")
    return "".join(out)


def build(tmp_path: Path, docs: list[Document], name: str = "ix", **kwargs) -> Index:
    build_index(docs, tmp_path / name, force=True, **kwargs)
    return Index(tmp_path / name)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real ``clearance`` entry point in a subprocess, so exit codes are the ones users see."""
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "clearance.cli.main", *args],
        input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
