"""The labeled set and the benchmark harness: the generator is deterministic and its gold spans
are sound, scoring counts what it should, and clearance keeps its quality floors on two seeds
(a regression in any rule shows up here as a kind falling under 0.95)."""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.pii.labeled import LabeledDoc, generate
from benchmarks.pii.peers import clearance_finder, regex_baseline_finder
from benchmarks.pii.run_bench import main as run_bench
from benchmarks.pii.scoring import KINDS, score

FLOOR = 0.95


def test_generator_is_deterministic_and_seeded() -> None:
    a = [d.to_json() for d in generate(30, 5)]
    assert a == [d.to_json() for d in generate(30, 5)]
    assert a != [d.to_json() for d in generate(30, 6)]
    assert [LabeledDoc.from_json(line).to_json() for line in a] == a


def test_gold_spans_are_sound() -> None:
    docs = list(generate(300, 9))
    kinds_seen = set()
    for doc in docs:
        spans = sorted(doc.spans)
        for s, e, kind, _ in spans:
            assert 0 <= s < e <= len(doc.text) and doc.text[s:e].strip() == doc.text[s:e]
            kinds_seen.add(kind)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), "gold spans overlap"
        for ns, ne, _ in doc.negatives:
            assert not any(ns < e and s < ne for s, e, _, _ in doc.spans), "a negative overlaps gold"
    assert kinds_seen == set(KINDS)
    assert sum(len(d.negatives) for d in docs) > 500


def test_scoring_counts_exact_lenient_and_negatives() -> None:
    doc = LabeledDoc("d", "prose", "mail a@b.co or 1.2.3.4 ...", [(5, 11, "EMAIL", "email")], [(15, 22, "version")])
    perfect = score([doc], [[(5, 11, "EMAIL")]])
    assert perfect["EMAIL"].precision == perfect["EMAIL"].recall == 1.0
    shifted = score([doc], [[(4, 11, "EMAIL"), (15, 22, "IP_ADDRESS")]])
    assert shifted["EMAIL"].tp == 0 and shifted["EMAIL"].lenient_tp == 1
    assert shifted["IP_ADDRESS"].fp == 1 and shifted["IP_ADDRESS"].fp_by_negative == {"version": 1}
    assert score([doc], [[]])["EMAIL"].recall == 0.0


@pytest.mark.parametrize(("seed", "n_docs"), [(11, 400), (12, 300)])
def test_clearance_quality_floors(seed: int, n_docs: int) -> None:
    docs = list(generate(n_docs, seed))
    find = clearance_finder()
    scores = score(docs, [find(d.text) for d in docs])
    for kind, s in scores.items():
        assert s.tp + s.fn >= 40, f"too few {kind} plants to measure"
        assert s.precision >= FLOOR, f"{kind} precision {s.precision:.3f}: {dict(s.fp_by_negative)}"
        assert s.recall >= FLOOR, f"{kind} recall {s.recall:.3f}: {dict(s.fn_by_subtype)}"


def test_the_naive_baseline_is_measurably_worse() -> None:
    """The harness can tell a careful detector from a naive one (it is not scoring everything 1.0)."""
    docs = list(generate(150, 13))
    scores = score(docs, [regex_baseline_finder()(d.text) for d in docs])
    assert scores["IP_ADDRESS"].precision < 0.5 and scores["PHONE"].precision < 0.5
    assert scores["SECRET"].recall < 0.5


def test_benchmark_runner_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text(
        "\n".join(json.dumps({"text": d.text}) for d in generate(20, 21)) + "\n" + json.dumps({"id": "no text"}) + "\n"
    )
    out = tmp_path / "pii.json"
    run_bench(
        [
            "--docs",
            "60",
            "--real",
            str(real),
            "--peers",
            "regex",
            "--repeat",
            "1",
            "--peer-mb",
            "0.05",
            "--out",
            str(out),
        ]
    )
    result = json.loads(out.read_text())
    assert result["labeled"]["docs"] == 60 and result["real"]["docs"] == 20
    assert result["clearance"]["mb_s_labeled"] > 0 and result["clearance"]["cpu_mb_s_real"] > 0
    assert set(result["clearance"]["quality"]) == set(KINDS)
    assert result["peers"]["regex"]["speedup_labeled"] > 0
    assert sum(result["audit"]["counts"].values()) > 0
    assert "| clearance | EMAIL |" in capsys.readouterr().out


def test_benchmark_runner_rejects_unknown_peer() -> None:
    with pytest.raises(SystemExit):
        run_bench(["--peers", "nosuchpeer"])


def test_presidio_adapter_runs_offline() -> None:
    pytest.importorskip("presidio_analyzer")
    from benchmarks.pii.peers import presidio_finder

    found = presidio_finder()("Mail ana.silva@gmail.com or call +44 20 7946 0958. IBAN DE89 3704 0044 0532 0130 00.")
    assert {kind for _, _, kind in found} >= {"EMAIL", "IBAN"}
