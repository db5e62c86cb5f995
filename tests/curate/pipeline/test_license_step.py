"""The license step finds licenses the input did not state, and the mixturevitae tiers use the evidence."""

from __future__ import annotations

from pathlib import Path

import orjson

from clearance.curate import load_config, run_curate
from tests.curate.pipeline.conftest import manifest, write_config, write_jsonl


def test_licenses_found_in_text_and_pages(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [
        {"id": "spdx", "text": "// SPDX-License-Identifier: MIT\nint main(void) { return 0; }"},
        {"id": "cc-footer", "text": "An essay on rivers and bridges.\n\nThis work is licensed under CC BY 4.0."},
        {"id": "stated-mit-found-gpl", "text": "Licensed under the GNU General Public License version 3.",
         "license": "MIT"},
        {"id": "nothing", "text": "Plain words with no license at all."},
    ])
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.html").write_text(
        '<html><head><link rel="license" href="https://creativecommons.org/publicdomain/zero/1.0/"></head>'
        "<body><p>A public domain page about the sea and its tides.</p></body></html>", encoding="utf-8")
    config = write_config(tmp_path / "c.toml", """
[run]
output = "out"
[[input]]
path = "c.jsonl"
[[input]]
path = "pages"
[license]
profile = "mixturevitae"
[optout]
enabled = false
[dedup]
exact = false
near = false
""")
    run_curate(load_config(config))
    rows = manifest(tmp_path / "out")
    assert (rows["spdx"]["license"], rows["spdx"]["decision"], rows["spdx"]["tier"]) == ("MIT", "keep",
                                                                                          "1-explicit-open")
    assert orjson.loads(rows["spdx"]["evidence"])[0]["kind"] == "spdx-header"
    assert rows["cc-footer"]["license"] == "CC-BY-4.0" and rows["cc-footer"]["decision"] == "keep"
    # a stated license contradicted by the text loses confidence, and the conflict is recorded
    assert rows["stated-mit-found-gpl"]["confidence"] < 1.0
    assert "found" in rows["stated-mit-found-gpl"]["license_problem"]
    assert rows["nothing"]["drop_code"] == "license-unknown"
    assert rows["page.html"]["license"] == "CC0-1.0" and rows["page.html"]["category"] == "public-domain"
    assert orjson.loads(rows["page.html"]["evidence"])[0]["kind"] == "link-rel"


def test_search_text_false_counts_only_what_was_stated_or_found_by_readers(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [
        {"id": "spdx", "text": "// SPDX-License-Identifier: MIT\nint main(void) { return 0; }"},
        {"id": "stated", "text": "Licensed under the GNU General Public License version 3.", "license": "MIT"},
    ])
    config = write_config(tmp_path / "c.toml", """
[run]
output = "out"
[[input]]
path = "c.jsonl"
[license]
profile = "permissive-only"
search_text = false
[optout]
enabled = false
[dedup]
exact = false
near = false
""")
    loaded = load_config(config)
    assert loaded.search_text is False
    run_curate(loaded)
    rows = manifest(tmp_path / "out")
    assert rows["spdx"]["license"] is None and rows["spdx"]["drop_code"] == "license-unknown"
    # nothing contradicts the stated license when the text is not read
    assert rows["stated"]["license"] == "MIT" and rows["stated"]["confidence"] == 1.0
    assert rows["stated"]["license_problem"] is None
