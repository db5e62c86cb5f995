"""`clearance audit dataset-inference` end to end: members are found, a null split is not, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

from .cli_runner import run_cli, write_jsonl
from .tiny_corpus import TinyModel


def test_members_are_inferred_and_unseen_halves_are_not(tiny_model: TinyModel, tmp_path: Path, monkeypatch,
                                                        capsys) -> None:
    members = write_jsonl(tmp_path / "members.jsonl", tiny_model.members[:60], "m")
    unseen = write_jsonl(tmp_path / "unseen.jsonl", tiny_model.nonmembers[:60], "u")
    other = write_jsonl(tmp_path / "other.jsonl", tiny_model.nonmembers[60:120], "o")
    out = tmp_path / "di"
    code, stdout, stderr = run_cli(monkeypatch, capsys, "audit", "dataset-inference", "--model", str(tiny_model.path),
                                   "--suspect", str(members), "--unseen", str(unseen), "--out", str(out),
                                   "--threads", "1")
    assert code == 0, stderr
    assert "evidence that the suspect set was trained on" in stdout
    report = json.loads((out / "report.json").read_text())
    assert report["kind"] == "dataset-inference" and report["p_value"] < 1e-6 and report["significant"]
    assert set(report["weights"]) == {"loss", "zlib", "lowercase", "min_k", "min_k_pp"}
    assert report["baseline"]["shifted"] is False
    assert {"report.md", "report.html", "dataset_inference.png", "scores.parquet"} <= {p.name for p in out.iterdir()}
    assert "only 30 documents" in (out / "report.md").read_text()  # small sets are flagged as low-powered

    code, stdout, stderr = run_cli(monkeypatch, capsys, "audit", "dataset-inference", "--model", str(tiny_model.path),
                                   "--suspect", str(other), "--unseen", str(unseen), "--out", str(tmp_path / "null"),
                                   "--threads", "1", "--no-lowercase")
    assert code == 0, stderr
    null = json.loads((tmp_path / "null" / "report.json").read_text())
    assert null["p_value"] > 0.05 and "no evidence" in stdout


def test_too_few_documents_and_bad_options_exit_2(tiny_model: TinyModel, tmp_path: Path, monkeypatch, capsys) -> None:
    few = write_jsonl(tmp_path / "few.jsonl", tiny_model.members[:3])
    enough = write_jsonl(tmp_path / "enough.jsonl", tiny_model.nonmembers[:20])
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "dataset-inference", "--model", str(tiny_model.path),
                              "--suspect", str(few), "--unseen", str(enough), "--out", str(tmp_path / "o"))
    assert code == 2 and "few.jsonl" in stderr and "at least" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "dataset-inference", "--model", str(tiny_model.path),
                              "--suspect", str(enough), "--unseen", str(enough), "--alpha", "2",
                              "--out", str(tmp_path / "o"))
    assert code == 2 and "--alpha" in stderr
