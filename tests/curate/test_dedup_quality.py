"""Precision and recall against exact Jaccard on planted near-duplicates, with floors.

Uses the benchmark's corpus and grader (``benchmarks/dedup``; method in docs/bench/dedup.md):
documents with variants planted at controlled Jaccard similarities around the threshold, graded
with an independent normalizer on every planted pair, random pairs and every predicted pair.
The floors sit a little under what this machine measured, so a regression in signing, banding,
verification or the keep rule fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dedup.corpus import Truth, make_corpus
from benchmarks.dedup.scoring import grade, predicted_pairs, sample_pairs
from clearance.curate.dedup import DedupConfig, deduplicate

DOCS = 1500
THRESHOLD = 0.8


@pytest.fixture(scope="module")
def planted():
    corpus = make_corpus(DOCS, seed=21)
    return corpus, Truth(corpus)


def _run(corpus, verify: str) -> dict[str, str]:
    config = DedupConfig(threshold=THRESHOLD, verify=verify)  # type: ignore[arg-type]
    return {d.id: d.id if d.keep else d.duplicate_of for d in deduplicate(corpus.records(), config)}


def _detected(result: dict, lo: float, hi: float) -> float:
    rows = [r for r in result["curve"] if r["from"] >= lo and r["to"] <= hi]
    return sum(r["detected"] * r["pairs"] for r in rows) / sum(r["pairs"] for r in rows)


@pytest.fixture(scope="module")
def graded(planted):
    corpus, truth = planted
    tables = {verify: _run(corpus, verify) for verify in ("signature", "exact")}
    sample = sample_pairs(truth, [predicted_pairs(corpus, t) for t in tables.values()], random_pairs=5000)
    return {verify: grade(corpus, truth, table, sample, THRESHOLD) for verify, table in tables.items()}


def test_the_sample_holds_enough_pairs_on_both_sides_of_the_threshold(graded) -> None:
    curve = graded["signature"]["curve"]
    assert sum(r["pairs"] for r in curve if r["from"] >= 0.8) >= 150
    assert sum(r["pairs"] for r in curve if 0.5 <= r["from"] < 0.8) >= 150


def test_signature_verification_floors(graded) -> None:
    result = graded["signature"]
    assert result["precision"] >= 0.88
    assert result["recall"] >= 0.85
    assert result["resolved"] >= 0.92
    assert result["drop_precision"] >= 0.9
    assert result["drops_below_threshold_minus_0.1"] == 0
    assert _detected(result, 0.9, 1.0) >= 0.97
    assert _detected(result, 0.0, 0.7) <= 0.02


def test_exact_verification_floors(graded) -> None:
    result = graded["exact"]
    assert result["drop_precision"] == 1.0  # every drop names a copy truly at or above the threshold
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.93
    assert result["resolved"] >= 0.99
    assert _detected(result, 0.0, 0.75) <= 0.01
