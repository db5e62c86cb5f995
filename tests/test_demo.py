"""`clearance demo`: the bundled corpus indexes, and each example output gets the finding it plants."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson

from clearance.cli.demo_cmd import corpus_root, demo_documents, demo_outputs

EXPECTED = {  # output id -> (cited document, kind), None for no match
    "clean-original": None,
    "verbatim-quote": ("lincoln-1862-annual-message", "exact"),
    "case-whitespace-quote": ("austen-pride-and-prejudice", "normalized"),
    "punctuation-changed-quote": ("washington-1790-annual-message", "normalized"),
    "synonym-substituted-quote": ("austen-emma", "fuzzy"),
    "verbatim-permissive-code": ("requests-utils", "exact"),
    "renamed-copyleft-code": ("lazr-uri", None),
    "short-quote": None,
}


def test_catalog_is_complete_and_licensed() -> None:
    docs = demo_documents()
    assert len(docs) >= 10
    for doc in docs:
        assert doc.license and doc.title and doc.author and doc.text
    catalog = [orjson.loads(line) for line in (corpus_root() / "catalog.jsonl").read_bytes().splitlines() if line.strip()]
    for entry in catalog:
        if entry["path"].startswith("code/"):
            project = (corpus_root() / entry["path"]).parent
            assert any((project / name).exists() for name in ("LICENSE", "COPYING", "COPYING.LESSER"))


def test_demo_finds_what_each_output_plants(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clearance.cli.main", "demo", "--format", "jsonl", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    results = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(results) == {o["id"] for o in demo_outputs()} == set(EXPECTED)
    for output_id, expected in EXPECTED.items():
        matches = results[output_id]["matches"]
        if expected is None:
            assert matches == [], output_id
            assert results[output_id]["decision"] == "allow"
            continue
        doc_id, kind = expected
        assert [m["doc_id"] for m in matches] == [doc_id], (output_id, matches)
        if kind:
            assert matches[0]["kind"] == kind, output_id
        assert results[output_id]["decision"] == "attribute"
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "index" / "manifest.json").exists()
