"""End to end through the real `clearance` command: exit codes, formats, batch, bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import random_text
from conftest import run_cli as run

PASSAGE = (
    "Every lantern on the quay was lit by the same old man, who walked the length of the harbour "
    "at dusk with a ladder on his shoulder and a tin of oil in his coat pocket, greeting the "
    "fishermen by name and asking after their nets."
)




@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import random

    rng = random.Random(3)
    root = tmp_path_factory.mktemp("cli")
    records = [{"id": f"n{i}", "text": random_text(rng, 150), "license": "CC0-1.0"} for i in range(20)]
    records.append({"id": "quay", "text": "Chapter one.\n" + PASSAGE + "\nThe end.", "license": "CC-BY-4.0",
                    "title": "The Quay", "author": "J. Doe", "url": "https://example.org/quay"})
    with gzip.open(root / "corpus.jsonl.gz", "wt") as handle:
        for r in records:
            handle.write(json.dumps(r) + "\n")
        handle.write("{broken\n")
    code = root / "code"
    code.mkdir()
    (code / "util.py").write_text("def clamp(value, low, high):\n    return max(low, min(value, high))\n" * 6)
    return root


@pytest.fixture(scope="module")
def index(corpus: Path) -> Path:
    result = run("index", "build", str(corpus / "corpus.jsonl.gz"), str(corpus / "code"),
                 "--out", str(corpus / "ix"), "--license", "MIT")
    assert result.returncode == 0, result.stderr
    assert "corpus.jsonl.gz:22" in result.stderr  # the broken line, named with file and line
    return corpus / "ix"


def test_build_reports_and_abort_stops_without_leaving_an_index(corpus: Path) -> None:
    result = run("index", "build", str(corpus / "corpus.jsonl.gz"), "--out", str(corpus / "ix2"), "--on-error", "abort")
    assert result.returncode == 2
    assert "corpus.jsonl.gz:22" in result.stderr
    assert not (corpus / "ix2").exists()
    assert not [p for p in corpus.iterdir() if p.name.startswith(".ix2")]


def test_check_text_json_and_exit_code(index: Path) -> None:
    text = "The story goes: " + PASSAGE.upper()
    result = run("check", "--index", str(index), "-", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["decision"] == "attribute"
    [m] = data["matches"]
    assert m["doc_id"] == "quay" and m["kind"] == "normalized" and m["license"] == "CC-BY-4.0"
    assert text[m["start"] : m["end"]].lower() == PASSAGE.lower()[: m["end"] - m["start"]]
    for key in ("start", "end", "doc_id", "doc_start", "doc_end", "kind", "license", "source", "count"):
        assert key in m
    assert data["attribution"][0]["title"] == "The Quay"


def test_check_clean_output_allows(index: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("A wholly original sentence about gardens and bicycles and rain.")
    result = run("check", "--index", str(index), str(path))
    assert result.returncode == 0
    assert "decision: allow" in result.stdout


def test_directory_documents_are_indexed_as_code(index: Path) -> None:
    text = "def limit(x, lo, hi):\n  return max(lo, min(x, hi))\n" * 4
    data = json.loads(run("check", "--index", str(index), "-", "--format", "json", stdin=text).stdout)
    assert data["matches"] and data["matches"][0]["doc_id"] == "util.py"
    assert data["matches"][0]["kind"] == "code" and data["matches"][0]["license"] == "MIT"


def test_batch_keeps_ids_and_reports_bad_lines(index: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "a", "text": "Intro. " + PASSAGE}),
        json.dumps({"id": 7, "text": "nothing copied here"}),
        "not json",
        json.dumps({"id": "c"}),
    ]) + "\n")
    result = run("check", "--index", str(index), "--batch", str(batch), "--format", "jsonl")
    assert result.returncode == 2  # bad input lines
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", 7, 3, "c"]
    assert lines[0]["decision"] == "attribute" and lines[1]["decision"] == "allow"
    assert "batch.jsonl:3" in lines[2]["error"] and "batch.jsonl:4" in lines[3]["error"]
    assert "batch.jsonl:3" in result.stderr
    aborted = run("check", "--index", str(index), "--batch", str(batch), "--on-error", "abort")
    assert aborted.returncode == 2 and "batch.jsonl:3" in aborted.stderr


def test_every_format_renders(index: Path, tmp_path: Path) -> None:
    text = "Intro. " + PASSAGE + " <script>alert(1)</script>"
    for fmt in ("text", "json", "jsonl", "markdown", "html"):
        out = tmp_path / f"r.{fmt}"
        result = run("check", "--index", str(index), "-", "--format", fmt, "--out", str(out), stdin=text)
        assert result.returncode == 0, result.stderr
        body = out.read_text()
        assert "quay" in body or "The Quay" in body
    page = (tmp_path / "r.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    parser = Collector()
    parser.feed(page)
    assert parser.external == [] and "mark" in parser.tags


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src",) or (tag == "link" and name == "href"):
                self.external.append(value)


def test_bad_usage_and_bad_input_exit_2(index: Path, tmp_path: Path) -> None:
    assert run("check", "--index", str(tmp_path / "nope"), "-", stdin="x").returncode == 2
    assert "no such index directory" in run("check", "--index", str(tmp_path / "nope"), "-", stdin="x").stderr
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run("check", "--index", str(index), str(binary))
    assert result.returncode == 2 and "bin.txt" in result.stderr and "byte offset 0" in result.stderr
    assert run("check", "--index", str(index), "-", "--format", "pdf", stdin="x").returncode == 2
    assert run("check", "--index", str(index), str(tmp_path / "missing.txt")).returncode == 2
    assert run("index", "build", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")).returncode == 2
    assert run("frobnicate").returncode == 2


def test_info_add_and_takedown(index: Path, corpus: Path, tmp_path: Path) -> None:
    info = json.loads(run("index", "info", str(index), "--json", "--verify").stdout)
    assert info["format_version"] == 1 and info["verify"]["ok"] and info["counts"]["documents"] == 22
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "quay2", "text": "Copy: " + PASSAGE, "license": "CC-BY-SA-4.0"}) + "\n"
                     + json.dumps({"id": "quay", "text": "duplicate id"}) + "\n")
    added = run("index", "add", str(index), str(extra))
    assert added.returncode == 0, added.stderr
    assert "already in the index" in added.stderr
    check = lambda: json.loads(run("check", "--index", str(index), "-", "--format", "json", stdin=PASSAGE).stdout)
    assert check()["matches"][0]["count"] == 2
    assert run("index", "takedown", str(index), "quay", "--reason", "request").returncode == 0
    after = check()
    assert after["matches"][0]["doc_id"] == "quay2" and after["matches"][0]["count"] == 1
    listed = run("index", "takedown", str(index), "--list").stdout
    assert "quay\t" in listed and "request" in listed
    assert run("index", "takedown", str(index), "quay", "--undo").returncode == 0
    assert check()["matches"][0]["count"] == 2


def test_corrupted_shard_is_detected_by_verify(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "ix"
    assert run("index", "build", str(corpus / "code"), "--out", str(out)).returncode == 0
    text_bin = next(out.glob("shards/*/text.bin"))
    data = bytearray(text_bin.read_bytes())
    data[0] ^= 0xFF
    text_bin.write_bytes(bytes(data))
    result = run("index", "info", str(out), "--verify")
    assert result.returncode == 1 and "checksum mismatch" in result.stdout


def test_sigterm_during_build_leaves_nothing_behind(tmp_path: Path) -> None:
    import random
    import signal
    import time

    rng = random.Random(5)
    corpus = tmp_path / "big.jsonl"
    with open(corpus, "w") as handle:
        handle.writelines(json.dumps({"id": f"d{i}", "text": random_text(rng, 1200)}) + "\n" for i in range(4000))
    process = subprocess.Popen(
        [sys.executable, "-m", "clearance.cli.main", "index", "build", str(corpus), "--out", str(tmp_path / "ix")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.time() + 60
    while not list(tmp_path.glob(".ix.building-*")) and process.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    if process.poll() is not None:
        pytest.skip("the build finished before it could be interrupted")
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert not (tmp_path / "ix").exists()
    assert not list(tmp_path.glob(".ix.*"))
