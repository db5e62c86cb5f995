"""``clearance curate CONFIG`` and ``clearance curate recheck RUN_DIR``, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.curate.pipeline.conftest import write_config


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from clearance.cli.main import main; main()", *args],
                          check=False, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_run_then_recheck_after_a_new_opt_out(corpus: Path) -> None:
    done = _cli("curate", str(corpus), "--json", cwd=corpus.parent)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["kept"] == 2 and summary["documents"] == 9
    out = corpus.parent / "out"

    clean = _cli("curate", "recheck", str(out), cwd=corpus.parent)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["checked"] == 2 and json.loads(clean.stdout)["now_opted_out"] == 0

    # The site of a kept document publishes a robots.txt that blocks AI crawlers after the run.
    site = corpus.parent / "sites" / "ok.example.com"
    site.mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: CCBot\nDisallow: /\n", encoding="utf-8")
    now = _cli("curate", "recheck", str(out), "--out", str(corpus.parent / "recheck.json"), cwd=corpus.parent)
    assert now.returncode == 1, now.stderr
    report = json.loads((corpus.parent / "recheck.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in report["documents"]] == ["plain"]
    assert report["documents"][0]["signals"][0]["kind"] == "robots"


def test_bad_config_and_empty_corpus_exit_2(tmp_path: Path) -> None:
    bad = write_config(tmp_path / "bad.toml", '[run]\noutput = "o"\n[[input]]\npath = "x"\n[pii]\nkind = ["EMAIL"]\n')
    result = _cli("curate", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "bad.toml:6: pii.kind: unknown key" in result.stderr
    (tmp_path / "e.jsonl").write_text("\n", encoding="utf-8")
    empty = write_config(tmp_path / "e.toml", '[run]\noutput = "o"\n[[input]]\npath = "e.jsonl"\n')
    result = _cli("curate", str(empty), cwd=tmp_path)
    assert result.returncode == 2 and "no documents to curate" in result.stderr


def test_shard_failure_exits_1_and_says_how_to_resume(corpus: Path) -> None:
    blocker = corpus.parent / "out" / "work" / "final" / "shard-00002.done"
    # A run, then a broken final marker slot for shard 2: the finish phase must fail there.
    assert _cli("curate", str(corpus), cwd=corpus.parent).returncode == 0
    blocker.unlink()
    (corpus.parent / "out" / "manifest.parquet").unlink()
    part = corpus.parent / "out" / "work" / "manifest" / "part-00002.parquet"
    part.unlink()
    (part / "x").mkdir(parents=True)
    result = _cli("curate", str(corpus), cwd=corpus.parent)
    assert result.returncode == 1
    assert "finish shard 2" in result.stderr and "run the same command again to resume" in result.stderr
