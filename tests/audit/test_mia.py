"""Membership inference on the tiny model: attacks work, null splits stay null, shifted splits are
flagged, single-pass attacks share one pass, and an interrupted run resumes."""

from __future__ import annotations

import numpy as np
import pytest

from clearance.audit import mia as mia_module
from clearance.audit.mia import MEMBER, NONMEMBER, AuditDoc, MiaConfig, MiaRun
from clearance.audit.model import load_model
from clearance.audit.neighbours import WordSwapNeighbours
from clearance.audit.runs import RunMismatchError

from .tiny_corpus import shifted_documents


def _docs(members, nonmembers) -> list[AuditDoc]:
    return ([AuditDoc(MEMBER, f"m{i}", t) for i, t in enumerate(members)]
            + [AuditDoc(NONMEMBER, f"n{i}", t) for i, t in enumerate(nonmembers)])


@pytest.fixture(scope="module")
def reference_lm(tmp_path_factory, tiny_model):
    """An untrained model of the same shape and tokenizer: a reference that has seen nothing."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, GPT2LMHeadModel

    path = tmp_path_factory.mktemp("reference")
    torch.manual_seed(1)
    GPT2LMHeadModel(AutoConfig.from_pretrained(tiny_model.path)).save_pretrained(path)
    AutoTokenizer.from_pretrained(tiny_model.path).save_pretrained(path)
    return load_model(path)


@pytest.fixture(scope="module")
def honest(tiny_lm, tiny_model, reference_lm, tmp_path_factory):
    docs = _docs(tiny_model.members, tiny_model.nonmembers)
    run = MiaRun(tiny_lm, docs, tmp_path_factory.mktemp("honest"), MiaConfig(batch_size=32, neighbours=4),
                 reference=reference_lm, neighbours=WordSwapNeighbours([d.text for d in docs], seed=0))
    run.score()
    return run.results()


def test_attacks_tell_trained_members_from_nonmembers(honest):
    auc = {a.name: a.summary.auc for a in honest.attacks}
    assert set(auc) == {"loss", "zlib", "lowercase", "reference", "min_k", "min_k_pp", "neighbour"}
    for name in ("loss", "zlib", "min_k", "min_k_pp", "reference"):
        assert auc[name] >= 0.9, (name, auc)
    for name in ("lowercase", "neighbour"):
        assert auc[name] >= 0.75, (name, auc)


def test_honest_split_passes_the_validity_gate(honest):
    assert honest.baseline is not None and not honest.baseline.shifted
    assert not honest.shifted
    assert not any("differ in distribution" in w for w in honest.warnings)


def test_tpr_is_reported_only_where_estimable(honest):
    summary = honest.attack("loss").summary
    assert summary.n_nonmembers == 200
    assert summary.tpr[0.01] is not None and summary.tpr[0.01] > 0.5
    low, high = summary.tpr_ci[0.01]
    assert low <= summary.tpr[0.01] <= high
    assert summary.tpr[0.001] is None and summary.tpr_ci[0.001] is None
    data = honest.to_json()
    assert data["attacks"]["loss"]["tpr_at_fpr"]["0.001"]["estimable"] is False


def test_scores_table_holds_every_document_in_input_order(honest, tiny_model):
    table = honest.table
    assert table.num_rows == 400
    assert table.column("doc_id").to_pylist()[:2] == ["m0", "m1"]
    assert table.column("set").to_pylist().count(MEMBER) == 200
    assert all(n == 4 for n in table.column("neighbour_count").to_pylist())
    loss = np.array(table.column("loss").to_pylist())
    np.testing.assert_allclose(np.array(table.column("score_loss").to_pylist()), -loss)


def test_nonmembers_against_nonmembers_give_intervals_around_one_half(tiny_lm, tiny_model, tmp_path):
    half = len(tiny_model.nonmembers) // 2
    docs = _docs(tiny_model.nonmembers[:half], tiny_model.nonmembers[half:])
    run = MiaRun(tiny_lm, docs, tmp_path, MiaConfig(batch_size=32, neighbours=2),
                 neighbours=WordSwapNeighbours([d.text for d in docs]))
    run.score()
    result = run.results()
    for attack in result.attacks:
        low, high = attack.summary.auc_ci
        assert low < 0.5 < high, (attack.name, attack.summary.auc, attack.summary.auc_ci)
    assert not result.shifted


def test_shifted_split_raises_the_warning(tiny_lm, tiny_model, tmp_path):
    docs = _docs(tiny_model.members[:100], shifted_documents(100))
    run = MiaRun(tiny_lm, docs, tmp_path, MiaConfig(batch_size=32, neighbours=0, lowercase=False, n_boot=200))
    run.score()
    result = run.results()
    assert result.shifted and result.baseline.auc > 0.9
    assert any("differ in distribution" in w for w in result.warnings)


def _count_forward_passes(lm):
    calls = []
    handle = lm.model.register_forward_hook(lambda module, args, output: calls.append(1))
    return calls, handle


def test_single_pass_attacks_share_one_forward_pass(tiny_lm, tiny_model, tmp_path):
    texts = tiny_model.members[:40]
    config = MiaConfig(batch_size=8, neighbours=0, lowercase=False, n_boot=50)
    calls, handle = _count_forward_passes(tiny_lm)
    try:
        MiaRun(tiny_lm, _docs(texts[:20], texts[20:]), tmp_path / "a", config).score()
        assert len(calls) == 40 // 8  # four attacks, one pass per batch
        calls.clear()
        # The lowercase ratio costs one more pass over texts that lowercasing changes...
        with_lower = MiaConfig(batch_size=8, neighbours=0, lowercase=True, n_boot=50)
        MiaRun(tiny_lm, _docs(texts[:20], texts[20:]), tmp_path / "b", with_lower).score()
        assert len(calls) == 2 * (40 // 8)
        calls.clear()
        # ...and none over texts already in lowercase: their first pass is the lowercased pass.
        lowered = [t.lower() for t in texts]
        MiaRun(tiny_lm, _docs(lowered[:20], lowered[20:]), tmp_path / "c", with_lower).score()
        assert len(calls) == 40 // 8
    finally:
        handle.remove()


def test_an_interrupted_run_resumes_from_finished_parts(tiny_lm, tiny_model, tmp_path, monkeypatch):
    docs = _docs(tiny_model.members[:30], tiny_model.nonmembers[:30])
    config = MiaConfig(batch_size=16, neighbours=2, part_size=20, n_boot=100)
    make = lambda: WordSwapNeighbours([d.text for d in docs], seed=0)
    first = MiaRun(tiny_lm, docs, tmp_path, config, neighbours=make(), neighbour_source="swap")
    first.score()
    complete = first.results().table
    parts = sorted((tmp_path / "parts").glob("part-*.parquet"))
    assert len(parts) == 3
    # Simulate a kill while the third part was being written: only its temporary file is there.
    parts[-1].rename(parts[-1].with_name(".part-000002.parquet.tmp-99999"))

    scored_texts = []
    real = mia_module.score_texts

    def spy(lm, texts, **kwargs):
        scored_texts.extend(texts)
        return real(lm, texts, **kwargs)

    monkeypatch.setattr(mia_module, "score_texts", spy)
    again = MiaRun(tiny_lm, docs, tmp_path, config, neighbours=make(), neighbour_source="swap")
    assert [d.key for d in again.pending] == [d.key for d in docs[40:]]
    assert again.plan()["target"] == 20
    assert again.score() == 20
    assert not list((tmp_path / "parts").glob(".part-*"))
    target_texts = [t for t in scored_texts if t in {d.text for d in docs}]
    assert sorted(target_texts) == sorted(d.text for d in docs[40:])  # nothing scored twice
    resumed = again.results().table
    assert resumed.column("key").to_pylist() == complete.column("key").to_pylist()
    for name in ("score_loss", "score_zlib", "score_min_k_pp", "score_neighbour", "score_lowercase"):
        np.testing.assert_allclose(resumed.column(name).to_pylist(), complete.column(name).to_pylist(), atol=1e-5)

    # A finished run reruns without scoring anything; other settings are refused.
    assert MiaRun(tiny_lm, docs, tmp_path, config, neighbours=make(), neighbour_source="swap").pending == []
    with pytest.raises(RunMismatchError, match="max_tokens"):
        MiaRun(tiny_lm, docs, tmp_path, MiaConfig(batch_size=16, neighbours=2, max_tokens=64),
               neighbours=make(), neighbour_source="swap")
