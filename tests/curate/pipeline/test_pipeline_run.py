"""End to end, in one process: every step's effect is visible in the manifest, data and NOTICE."""

from __future__ import annotations

from pathlib import Path

import orjson

from clearance.curate import load_config, run_curate
from tests.curate.pipeline.conftest import kept_data, manifest


def test_every_input_gets_one_manifest_row_with_its_reason(corpus: Path) -> None:
    summary = run_curate(load_config(corpus))
    rows = manifest(corpus.parent / "out")
    assert summary.documents == len(rows) == 9  # 8 records and one broken line
    assert summary.shards == 3
    expect = {
        "cc0-copy": ("keep", None), "mit": ("drop", "duplicate"), "nc": ("drop", "license"),
        "unknown": ("drop", "license-unknown"), "blocked-site": ("drop", "opt-out"),
        "listed-hash": ("drop", "opt-out"), "sa": ("drop", "license"), "plain": ("keep", None),
    }
    for doc_id, (decision, code) in expect.items():
        assert (rows[doc_id]["decision"], rows[doc_id]["drop_code"]) == (decision, code), doc_id
    bad = [row for row in rows.values() if row["drop_code"] == "bad-input"]
    assert len(bad) == 1 and bad[0]["id"].endswith("corpus.jsonl:9") and "invalid JSON" in bad[0]["reasons"][0]


def test_dedup_keeps_the_more_permissive_copy_and_names_it(corpus: Path) -> None:
    run_curate(load_config(corpus))
    rows = manifest(corpus.parent / "out")
    # The MIT copy comes first, but the CC0 (public-domain) copy is the one kept.
    assert rows["mit"]["duplicate_of"] == "cc0-copy"
    assert rows["mit"]["duplicate_kind"] == "exact"
    assert "exact duplicate of document cc0-copy" in rows["mit"]["reasons"][-1]
    assert rows["cc0-copy"]["duplicate_of"] is None


def test_opt_out_signals_are_recorded(corpus: Path) -> None:
    run_curate(load_config(corpus))
    rows = manifest(corpus.parent / "out")
    robots = orjson.loads(rows["blocked-site"]["optout_signals"])
    assert robots[0]["kind"] == "robots" and "robots.txt" in robots[0]["source"]
    assert rows["blocked-site"]["opted_out"] is True
    listed = orjson.loads(rows["listed-hash"]["optout_signals"])
    assert [s["kind"] for s in listed] == ["user-list"]
    assert rows["plain"]["opted_out"] is False and rows["plain"]["optout_signals"] is None


def test_kept_text_is_redacted_and_counted(corpus: Path) -> None:
    run_curate(load_config(corpus))
    out = corpus.parent / "out"
    data = kept_data(out)
    assert set(data) == {"cc0-copy", "plain"}
    assert "jane.doe@gmail.com" not in data["cc0-copy"]["text"] and "[EMAIL]" in data["cc0-copy"]["text"]
    assert "81.2.69.160" not in data["plain"]["text"] and "[IP_ADDRESS]" in data["plain"]["text"]
    rows = manifest(out)
    assert orjson.loads(rows["cc0-copy"]["pii_counts"]) == {"EMAIL": 1}
    assert len(rows["plain"]["content_hash"]) == 64


def test_notice_and_datacard(corpus: Path) -> None:
    run_curate(load_config(corpus))
    out = corpus.parent / "out"
    notice = (out / "NOTICE").read_text(encoding="utf-8")
    assert "CC0-1.0" in notice and "BSD-3-Clause" in notice and "Works: 2, licenses: 2." in notice
    assert "Redistribution and use in source and binary forms" in notice  # BSD's notice, once
    assert "CC-BY-NC" not in notice  # dropped works are not listed
    card = (out / "DATACARD.md").read_text(encoding="utf-8")
    assert "Profile **permissive-only**" in card
    assert "| opt-out | 2 |" in card and "| duplicate | 1 |" in card and "| bad-input | 1 |" in card
    for plot in ("bytes_by_license.png", "drop_reasons.png"):
        assert (out / "plots" / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"plots/{plot}" in card


def test_open_definition_profile_keeps_share_alike(corpus: Path) -> None:
    config = load_config(corpus)
    from clearance.curate.policy import load_profile

    run_curate(config.replace(policy=load_profile("open-definition")))
    rows = manifest(corpus.parent / "out")
    assert rows["sa"]["decision"] == "keep" and rows["sa"]["tier"] == "share-alike"
    assert rows["nc"]["decision"] == "drop"


def test_unknown_review_is_held_not_kept(corpus: Path) -> None:
    config = load_config(corpus)
    run_curate(config.replace(policy=config.policy.with_unknown("review")))
    rows = manifest(corpus.parent / "out")
    assert rows["unknown"]["decision"] == "review" and rows["unknown"]["drop_code"] == "review"
    assert "unknown" not in kept_data(corpus.parent / "out")


def test_jsonl_output_format(corpus: Path) -> None:
    run_curate(load_config(corpus).replace(output_format="jsonl"))
    lines = [orjson.loads(line) for part in sorted((corpus.parent / "out" / "data").glob("*.jsonl"))
             for line in part.read_bytes().splitlines()]
    assert sorted(r["id"] for r in lines) == ["cc0-copy", "plain"]
    assert all(isinstance(r["meta"], dict) for r in lines)
