"""A small corpus that exercises every step: licenses, opt-out, duplicates, PII, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

SHARED = ("The committee met on Tuesday to review the harbour plans, the budget for the new ferry terminal and "
          "the schedule of public hearings that will run through the spring. ")


def words(seed: int, n: int = 60) -> str:
    """A distinct text per seed (no shared 5-word shingles between seeds)."""
    return " ".join(f"w{seed}x{i}" for i in range(n)) + "."


def corpus_records() -> list[dict[str, Any]]:
    return [
        {"id": "mit", "text": SHARED * 3 + "Write to jane.doe@gmail.com or call.", "license": "MIT",
         "author": "Jane", "title": "Harbour", "url": "https://news.example.net/harbour"},
        {"id": "cc0-copy", "text": SHARED * 3 + "Write to jane.doe@gmail.com or call.", "license": "CC0-1.0",
         "url": "https://mirror.example.net/harbour"},
        {"id": "nc", "text": words(1), "license": "CC-BY-NC-4.0"},
        {"id": "unknown", "text": words(2)},
        {"id": "blocked-site", "text": words(3), "license": "CC-BY-4.0", "url": "https://blocked.example.org/a/page"},
        {"id": "listed-hash", "text": words(4), "license": "Apache-2.0"},
        {"id": "sa", "text": words(5), "license": "CC-BY-SA-4.0", "author": "Sam"},
        {"id": "plain", "text": words(6) + " Server at 81.2.69.160 answered.", "license": "BSD-3-Clause",
         "url": "https://ok.example.com/p"},
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in records)
        handle.writelines(line + "\n" for line in extra_lines)
    return path


def write_config(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A config and its corpus in tmp_path: returns the config path. Shard size 3 makes 3 shards."""
    from clearance.curate.optout import content_hash

    write_jsonl(tmp_path / "corpus.jsonl", corpus_records(), extra_lines=("{not json",))
    sites = tmp_path / "sites" / "blocked.example.org"
    sites.mkdir(parents=True)
    (sites / "robots.txt").write_text("User-agent: GPTBot\nDisallow: /a/\n", encoding="utf-8")
    (tmp_path / "optout.txt").write_text(f"{content_hash(words(4))}\n", encoding="utf-8")
    return write_config(tmp_path / "curate.toml", """
[run]
output = "out"
shard_size = 3

[[input]]
path = "corpus.jsonl"

[license]
profile = "permissive-only"

[optout]
sites = "sites"
user_list = "optout.txt"
""")


def manifest(run_dir: Path) -> dict[str, dict[str, Any]]:
    rows = pq.read_table(run_dir / "manifest.parquet").to_pylist()
    return {row["id"]: row for row in rows}


def kept_data(run_dir: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for part in sorted((run_dir / "data").glob("part-*.parquet")):
        rows.update((row["id"], row) for row in pq.read_table(part).to_pylist())
    return rows
