"""Writing the reference data that ``make_reference_texts.py``, ``make_templates.py`` and
``make_scancode_texts.py`` build: compact JSON, zstd level 19, replaced whole (a failed run leaves the
shipped file as it was)."""

from __future__ import annotations

import json
from pathlib import Path

import zstandard

from clearance.io.atomic import write_bytes_atomic


def write_zstd_json(payload: dict, out: Path, what: str) -> None:
    """Write ``payload`` to ``out`` and say how many ``what`` it holds and how big it is."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, zstandard.ZstdCompressor(level=19).compress(raw))
    print(f"{what}, {len(raw):,} bytes -> {out} ({out.stat().st_size:,} bytes)")
