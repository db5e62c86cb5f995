"""`clearance audit mia` end to end: the files it writes, the table it prints, resume, and exit 2 on bad input."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .cli_runner import run_cli, write_jsonl


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, tiny_model) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("mia-cli")
    return (write_jsonl(root / "members.jsonl", tiny_model.members[:100], "m"),
            write_jsonl(root / "nonmembers.jsonl", tiny_model.nonmembers[:100], "n"))


def test_full_run_writes_every_output_and_resumes(tiny_model, inputs, tmp_path):
    members, nonmembers = inputs
    out = tmp_path / "report"
    args = [sys.executable, "-m", "clearance.cli.main", "audit", "mia", "--model", str(tiny_model.path),
            "--members", str(members), "--nonmembers", str(nonmembers), "--out", str(out), "--neighbours", "2",
            "--batch-size", "16", "--bootstrap", "200", "--threads", "1"]
    env = dict(os.environ, COLUMNS="160", HF_HUB_OFFLINE="1")
    first = subprocess.run(args, check=False, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in out.iterdir()) == ["parts", "report.html", "report.json", "report.md", "roc.png",
                                                     "run.json", "scores.parquet"]
    for name in ("Loss", "zlib ratio", "Min-K%++", "Neighbourhood", "Baseline: bag of words"):
        assert name in first.stdout
    assert "not estimable" in first.stdout  # 100 non-members: TPR at 0.1% FPR cannot be had
    report = json.loads((out / "report.json").read_text())
    assert report["kind"] == "membership-inference" and report["distribution_shift"] is False
    assert report["attacks"]["loss"]["auc"] >= 0.9
    assert report["attacks"]["loss"]["tpr_at_fpr"]["0.01"]["tpr"] is not None
    assert "reference" not in report["attacks"]  # no --reference given
    assert pq.read_table(out / "scores.parquet").num_rows == 200
    assert "data:image/png;base64," in (out / "report.html").read_text()

    again = subprocess.run(args, check=False, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "200 of 200 documents already scored" in again.stderr
    assert json.loads((out / "report.json").read_text())["attacks"] == report["attacks"]


def test_missing_model_directory_exits_2(monkeypatch, capsys, inputs, tmp_path):
    members, nonmembers = inputs
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tmp_path / "nope"),
                               "--members", str(members), "--nonmembers", str(nonmembers), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "nope" in err and "does not exist" in err


def test_empty_members_file_exits_2(monkeypatch, capsys, tiny_model, inputs, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(empty), "--nonmembers", str(inputs[1]), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "empty.jsonl" in err and "no documents" in err


def test_bad_record_exits_2_naming_the_line(monkeypatch, capsys, tiny_model, inputs, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": 3}\n')
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(bad), "--nonmembers", str(inputs[1]), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "bad.jsonl:2" in err


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_a_gpu_exits_2(monkeypatch, capsys, tiny_model, inputs, tmp_path):
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(inputs[0]), "--nonmembers", str(inputs[1]), "--device", "cuda",
                               "--out", str(tmp_path / "o"))
    assert code == 2
    assert "CUDA" in err and "no GPU" in err
    assert not (tmp_path / "o").exists()


def test_rerun_with_other_settings_exits_2(monkeypatch, capsys, tiny_model, tmp_path):
    members = write_jsonl(tmp_path / "m.jsonl", tiny_model.members[:12], "m")
    nonmembers = write_jsonl(tmp_path / "n.jsonl", tiny_model.nonmembers[:12], "n")
    base = ["audit", "mia", "--model", str(tiny_model.path), "--members", str(members), "--nonmembers",
            str(nonmembers), "--out", str(tmp_path / "o"), "--neighbours", "0", "--bootstrap", "50"]
    code, _, err = run_cli(monkeypatch, capsys, *base)
    assert code == 0, err
    assert "only 12 non-members" in err
    code, _, err = run_cli(monkeypatch, capsys, *base, "--max-tokens", "16")
    assert code == 2 and "other settings" in err and "max_tokens" in err
    code, _, err = run_cli(monkeypatch, capsys, *base, "--max-tokens", "16", "--fresh")
    assert code == 0, err


def test_bad_option_values_exit_2(monkeypatch, capsys, tiny_model, inputs, tmp_path):
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(inputs[0]), "--nonmembers", str(inputs[1]), "--min-k", "0",
                               "--out", str(tmp_path / "o"))
    assert code == 2 and "--min-k" in err


def test_neighbours_from_a_local_masked_lm(monkeypatch, capsys, tiny_model, masked_lm, tmp_path):
    members = write_jsonl(tmp_path / "m.jsonl", tiny_model.members[:20], "m")
    nonmembers = write_jsonl(tmp_path / "n.jsonl", tiny_model.nonmembers[:20], "n")
    out = tmp_path / "o"
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(members), "--nonmembers", str(nonmembers), "--out", str(out),
                               "--neighbour-model", str(masked_lm), "--neighbours", "2", "--bootstrap", "50",
                               "--threads", "1")
    assert code == 0, err
    report = json.loads((out / "report.json").read_text())
    assert "neighbour" in report["attacks"]
    assert 0.0 <= report["attacks"]["neighbour"]["auc"] <= 1.0
    assert f"masked LM {masked_lm}" in (out / "report.md").read_text()
    scores = pq.read_table(out / "scores.parquet").to_pydict()
    assert scores["neighbour_count"] == [2] * 40  # two masked-LM neighbours scored for every document
    assert not any(math.isnan(value) for value in scores["score_neighbour"])  # and no NaN score


def test_a_neighbour_model_that_is_not_a_masked_lm_exits_2(monkeypatch, capsys, tiny_model, inputs, tmp_path):
    code, _, err = run_cli(monkeypatch, capsys, "audit", "mia", "--model", str(tiny_model.path),
                               "--members", str(inputs[0]), "--nonmembers", str(inputs[1]), "--out", str(tmp_path / "o"),
                               "--neighbour-model", str(tiny_model.path))
    assert code == 2, err
    assert str(tiny_model.path) in err
