"""ScanCode's texts of licenses the SPDX list lacks, as shipped in ``data/scancode-texts.json.zst``
(built by ``benchmarks/licenses/make_scancode_texts.py``; data by nexB Inc. and others, CC-BY-4.0).
Kept apart from the index so that the catalog can read their names and categories without numpy."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import zstandard

SCANCODE_DATA = "scancode-texts.json.zst"


@cache
def scancode_payload() -> dict:
    """``{"version", "license", "licenses": [{"id", "name", "category", "text", "same_text"}]}``."""
    data = resources.files("clearance.licenses.detect").joinpath("data").joinpath(SCANCODE_DATA)
    return json.loads(zstandard.ZstdDecompressor().decompress(data.read_bytes()))
