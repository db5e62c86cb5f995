"""`clearance traps make | insert | detect` end to end, and exit 2 on bad input."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

from clearance.audit import epub
from clearance.audit.trap_manifest import TrapManifest, TrapSequence

from .cli_runner import run_cli
from .test_traps_insert import make_epub
from .tiny_corpus import TinyModel

REFERENCE = ("The keeper of the light climbed the tower every evening. He trimmed the wick, wound the clock and "
             "watched the ships go by. In winter the storms came from the west, and the sea broke over the rocks. "
             "His daughter kept the log, writing the names of the ships and the hours they passed. ") * 4


def test_make_insert_into_text_jsonl_and_epub(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "reference.txt").write_text(REFERENCE)
    manifest = tmp_path / "private" / "traps.json"
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "make", "--reference", str(tmp_path / "reference.txt"),
                              "--count", "4", "--controls", "6", "--length", "12", "--out", str(manifest), "--seed", "2")
    assert code == 0, stderr
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o600
    made = TrapManifest.load(manifest)
    assert len(made.traps) == 4 and len(made.controls) == 6 and made.generator["kind"] == "ngram"
    books = tmp_path / "books"
    books.mkdir()
    make_epub(books / "novel.epub")
    (books / "essay.txt").write_text("First part.\n\nSecond part.\n\nThird part.\n")
    (books / "letters.jsonl").write_text(json.dumps({"id": "l1", "text": "Dear friend. I write again."}) + "\n")
    out = tmp_path / "trapped"
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "insert", "-m", str(manifest), str(books),
                              "--out", str(out), "--repeats", "0,3", "--seed", "1")
    assert code == 0, stderr
    inserted = TrapManifest.load(manifest)
    assert [t.repeats for t in inserted.traps] == [0, 3, 0, 3]
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o600
    assert sorted(Path(p).name for p in inserted.inserted_into) == ["essay.txt", "letters.jsonl", "novel.epub"]
    with zipfile.ZipFile(out / "novel.epub") as book:
        assert book.infolist()[0].filename == "mimetype"
        assert book.infolist()[0].compress_type == zipfile.ZIP_STORED
    everything = epub.book_text(out / "novel.epub") + (out / "essay.txt").read_text() + \
        (out / "letters.jsonl").read_text()
    for trap in inserted.traps:
        assert everything.count(trap.text) == trap.repeats == len(trap.insertions)
    for control in inserted.controls:
        assert control.text not in everything  # controls are never published
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "insert", "-m", str(manifest), str(books),
                              "--out", str(tmp_path / "again"))
    assert code == 2 and "already inserted" in stderr


def test_detect_reports_detection_per_repeat_count(tiny_model: TinyModel, tmp_path: Path, monkeypatch,
                                                   capsys) -> None:
    traps = [TrapSequence(f"t{r}-{i}", text, text.split(), [], 0.0, repeats=r)
             for r, texts in tiny_model.traps.items() for i, text in enumerate(texts)]
    controls = [TrapSequence(f"c{i}", text, text.split(), [], 0.0) for i, text in enumerate(tiny_model.trap_controls)]
    manifest = tmp_path / "m.json"
    TrapManifest(seed=0, generator={"kind": "fixture"}, traps=traps, controls=controls,
                 inserted_into=["corpus.jsonl"]).save(manifest)
    out = tmp_path / "report"
    code, stdout, stderr = run_cli(monkeypatch, capsys, "traps", "detect", "--model", str(tiny_model.path),
                                   "-m", str(manifest), "--out", str(out), "--threads", "1")
    assert code == 0, stderr
    assert "DETECTED" in stderr and "10 repeats" in stdout
    report = json.loads((out / "report.json").read_text())
    groups = {g["repeats"]: g for g in report["groups"]}
    assert groups[10]["auc"] >= 0.95 and groups[10]["p_value"] < 0.001
    assert groups[0]["p_value"] > 0.05
    assert report["overall"]["n_traps"] == 12 and report["detected"] is True
    assert (out / "traps.png").stat().st_size > 1000
    assert "only 12 controls" in (out / "report.md").read_text()


def test_bad_trap_inputs_exit_2(tiny_model: TinyModel, tmp_path: Path, monkeypatch, capsys) -> None:
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "make", "--out", str(tmp_path / "m.json"))
    assert code == 2 and "exactly one generator" in stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "clearance-traps", "version": 1, "seed": 0, "generator": {}, "traps": [{}], '
                      '"controls": []}')
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "detect", "--model", str(tiny_model.path),
                              "-m", str(broken), "--out", str(tmp_path / "r"))
    assert code == 2 and "broken.json" in stderr and "traps[0]" in stderr
    (tmp_path / "ref.txt").write_text(REFERENCE)
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "make", "--reference", str(tmp_path / "ref.txt"),
                              "--perplexity", "1.001", "--tolerance", "0.001", "--count", "2", "--length", "8",
                              "--out", str(tmp_path / "m2.json"))
    assert code == 2 and "perplexities seen" in stderr and not (tmp_path / "m2.json").exists()
    (tmp_path / "m3.json").write_text("{}")
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "make", "--reference", str(tmp_path / "ref.txt"),
                              "--out", str(tmp_path / "m3.json"))
    assert code == 2 and "exists" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "insert", "-m", str(tmp_path / "m3.json"),
                              str(tmp_path / "ref.txt"), "--out", str(tmp_path / "o"))
    assert code == 2 and "not a trap manifest" in stderr
    good = tmp_path / "good.json"
    TrapManifest(seed=0, generator={}, traps=[TrapSequence("t", "a trap text", [], [], 1.0)], controls=[]).save(good)
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"text": "ok. fine."}\n[1, 2]\n')
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "insert", "-m", str(good), str(bad_jsonl),
                              "--out", str(tmp_path / "o"))
    assert code == 2 and "bad.jsonl:2: not a JSON object" in stderr
    code, _, stderr = run_cli(monkeypatch, capsys, "traps", "insert", "-m", str(good), str(bad_jsonl),
                              "--out", str(tmp_path / "o"), "--repeats", "x")
    assert code == 2 and "--repeats" in stderr
