"""`clearance audit extract` and `clearance audit generate` end to end: outputs, resume, exit 2 on bad input."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq

from .cli_runner import run_cli, write_jsonl
from .tiny_corpus import TinyModel


def test_extract_writes_reports_lists_passages_and_resumes(tiny_model: TinyModel, tmp_path: Path, monkeypatch,
                                                            capsys) -> None:
    docs = write_jsonl(tmp_path / "docs.jsonl", tiny_model.canaries[16] + tiny_model.canaries[0] + ["Too short."])
    out = tmp_path / "report"
    args = ["audit", "extract", "--model", str(tiny_model.path), "--docs", str(docs), "--prefix-tokens", "8",
            "--suffix-tokens", "8", "--samples", "2", "--out", str(out), "--threads", "1"]
    code, stdout, stderr = run_cli(monkeypatch, capsys, *args)
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["extraction.parquet", "extraction.png", "parts", "report.html",
                                                     "report.json", "report.md", "run.json"]
    assert "4 / 8" in stdout and "skipped" in stderr
    report = json.loads((out / "report.json").read_text())
    assert report["kind"] == "extraction" and report["tested"] == 8 and report["skipped"] == 1
    assert report["rates"]["exact"]["successes"] == 4 and report["rates"]["exact"]["ci"][0] > 0.15
    assert sorted(e["doc_id"] for e in report["extracted"]) == ["d0", "d1", "d2", "d3"]
    markdown = (out / "report.md").read_text()
    suffix = " ".join(tiny_model.canaries[16][0].split()[8:])
    assert f"true suffix:  {suffix}" in markdown and f"model output: {suffix}" in markdown
    assert "could not be tested" in markdown  # the skipped document is named in a warning
    html = (out / "report.html").read_text()
    HTMLParser().feed(html)
    assert "data:image/png;base64," in html and "src=\"http" not in html
    table = pq.read_table(out / "extraction.parquet")
    assert table.num_rows == 8 and sum(table.column("exact").to_pylist()) == 4
    # a rerun with the same settings tests nothing again and says so
    code, _, stderr = run_cli(monkeypatch, capsys, *args)
    assert code == 0 and "resuming: 8 of 9" in stderr
    assert json.loads((out / "report.json").read_text())["rates"] == report["rates"]
    # other settings in the same directory are refused, not mixed
    code, _, stderr = run_cli(monkeypatch, capsys, *args[:-4], "--prefix-tokens", "6", "--out", str(out))
    assert code == 2 and "other settings" in stderr


def test_extract_bad_inputs_exit_2_with_file_and_line(tiny_model: TinyModel, tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": 7}\n')
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "extract", "--model", str(tiny_model.path),
                              "--docs", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2 and "bad.jsonl:2" in stderr
    docs = write_jsonl(tmp_path / "ok.jsonl", ["some text here"])
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "extract", "--model", str(tmp_path / "missing"),
                              "--docs", str(docs), "--out", str(tmp_path / "o"))
    assert code == 2 and "missing" in stderr and "does not exist" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "extract", "--model", str(tiny_model.path),
                              "--docs", str(docs), "--samples", "2", "--temperature", "0", "--out", str(tmp_path / "o"))
    assert code == 2 and "temperature" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "extract", "--model", str(tiny_model.path),
                              "--docs", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o"))
    assert code == 2 and "nope.jsonl" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "extract", "--model", str(tiny_model.path),
                              "--docs", str(docs), "--out", str(tmp_path / "o2"))  # 50 + 50 tokens: too long
    assert code == 2 and "exceed the 64 positions" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "generate", "--model", str(tiny_model.path),
                              "--tokens", "80", "--out", str(tmp_path / "o3"))
    assert code == 2 and "64 positions" in stderr


def test_generate_names_regenerated_indexed_works(tiny_model: TinyModel, tmp_path: Path, monkeypatch,
                                                  capsys) -> None:
    corpus = tmp_path / "works.jsonl"
    with open(corpus, "w") as handle:
        for repeats, texts in tiny_model.traps.items():
            handle.writelines(json.dumps({"id": f"trap-{repeats}-{i}", "text": text, "title": f"Work {repeats}/{i}",
                                         "license": "CC-BY-NC-4.0"}) + "\n" for i, text in enumerate(texts))
    code, _, stderr = run_cli(monkeypatch, capsys, "index", "build", str(corpus), "--out", str(tmp_path / "ix"))
    assert code == 0, stderr
    out = tmp_path / "gen"
    args = ["audit", "generate", "--model", str(tiny_model.path), "--samples", "30", "--tokens", "16", "--top", "10",
            "--index", str(tmp_path / "ix"), "--min-chars", "50", "--min-tokens", "8", "--batch-size", "10",
            "--out", str(out), "--threads", "1"]
    code, _, stderr = run_cli(monkeypatch, capsys, *args)
    assert code == 0, stderr
    report = json.loads((out / "report.json").read_text())
    assert report["kind"] == "generate-and-filter" and report["generations"] == 30
    regenerated = {d["doc_id"] for d in report["documents"]}
    assert regenerated and all(d.startswith(("trap-10-", "trap-20-")) for d in regenerated)  # trained ones only
    assert all(d["license"] == "CC-BY-NC-4.0" and d["span"][1] > d["span"][0] for d in report["documents"])
    assert "Regenerated works" in (out / "report.md").read_text()
    assert pq.read_table(out / "generations.parquet").num_rows == 30
    code, _, stderr = run_cli(monkeypatch, capsys, *args[:5], "40", *args[6:])  # more samples extend the run
    assert code == 0 and "resuming: 30 of 40" in stderr
    assert pq.read_table(out / "generations.parquet").num_rows == 40
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "generate", "--model", str(tiny_model.path),
                              "--rank-by", "reference", "--out", str(tmp_path / "g2"))
    assert code == 2 and "--reference" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "audit", "generate", "--model", str(tiny_model.path),
                              "--index", str(tmp_path / "no-index"), "--out", str(tmp_path / "g3"))
    assert code == 2 and "no-index" in stderr
