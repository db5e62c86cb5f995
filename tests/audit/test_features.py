"""One forward pass per batch gives the same per-token numbers as scoring each text alone, by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from clearance.audit.features import encode_texts, score_texts
from clearance.audit.model import ModelLoadError, load_model


def _by_hand(lm, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unbatched reference: BOS + tokens, full softmax, explicit mean and variance over the vocabulary."""
    ids = [lm.tokenizer.bos_token_id] + lm.tokenizer(text, add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        logits = lm.model(input_ids=torch.tensor([ids])).logits[0, :-1].double()
    logp = torch.log_softmax(logits, -1)
    targets = torch.tensor(ids[1:])
    token_lp = logp[torch.arange(len(targets)), targets]
    p = logp.exp()
    mu = (p * logp).sum(-1)
    var = (p * (logp - mu[:, None]) ** 2).sum(-1)
    return token_lp.numpy(), mu.numpy(), var.sqrt().numpy()


def test_batched_scores_equal_unbatched_reference(tiny_lm, tiny_model):
    texts = [tiny_model.members[0], "Short one.", tiny_model.nonmembers[3], tiny_model.canaries[16][0]]
    scored = score_texts(tiny_lm, texts, batch_size=3)
    for text, got in zip(texts, scored):
        lp, mu, sigma = _by_hand(tiny_lm, text)
        assert got.n_tokens == lp.size
        np.testing.assert_allclose(got.logprobs, lp, atol=2e-4)
        np.testing.assert_allclose(got.mu, mu, atol=2e-4)
        np.testing.assert_allclose(got.sigma, sigma, atol=2e-4)
        assert got.loss == pytest.approx(-lp.mean(), abs=1e-4)
        assert got.scored_chars == len(text)


def test_order_and_batch_size_do_not_change_scores(tiny_lm, tiny_model):
    texts = tiny_model.members[:7] + tiny_model.nonmembers[:6] + [""]
    one = score_texts(tiny_lm, texts, batch_size=1)
    many = score_texts(tiny_lm, texts, batch_size=5)
    for a, b in zip(one, many):
        np.testing.assert_array_equal(a.token_ids, b.token_ids)
        np.testing.assert_allclose(a.logprobs, b.logprobs, atol=1e-4)
    assert one[-1].n_tokens == 0 and np.isnan(one[-1].loss)


def test_progress_counts_every_text(tiny_lm, tiny_model):
    seen = []
    score_texts(tiny_lm, tiny_model.members[:10], batch_size=4, progress=seen.append)
    assert seen == [4, 4, 2]


def test_truncation_keeps_max_tokens_and_reports_the_covered_characters(tiny_lm, tiny_model):
    text = tiny_model.members[1]
    full = score_texts(tiny_lm, [text])[0]
    cut = score_texts(tiny_lm, [text], max_tokens=5)[0]
    assert cut.n_tokens == 5
    np.testing.assert_allclose(cut.logprobs, full.logprobs[:5], atol=1e-4)
    covered = text[: cut.scored_chars]
    assert len(tiny_lm.tokenizer(covered, add_special_tokens=False)["input_ids"]) == 5
    assert covered == " ".join(text.split()[:5]) or covered.count(" ") < 5


def test_inputs_longer_than_the_model_are_cut_to_fit(tiny_lm):
    long_text = " ".join(["Trustair"] * 500)
    (scores,) = score_texts(tiny_lm, [long_text], max_tokens=10_000)
    assert scores.n_tokens == tiny_lm.max_length - 1  # plus the BOS context token
    assert encode_texts(tiny_lm, [long_text], 10_000)[0].ids[0] == tiny_lm.tokenizer.bos_token_id


def test_memorized_members_have_lower_loss(tiny_lm, tiny_model):
    members = score_texts(tiny_lm, tiny_model.members[:50], batch_size=16)
    nonmembers = score_texts(tiny_lm, tiny_model.nonmembers[:50], batch_size=16)
    assert np.mean([s.loss for s in members]) < np.mean([s.loss for s in nonmembers]) - 0.5


def test_load_model_refuses_bad_directories(tmp_path, tiny_model):
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_model(tmp_path / "missing")
    with pytest.raises(ModelLoadError, match="config.json"):
        load_model(tmp_path)
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelLoadError, match="no model weights"):
        load_model(tmp_path)
    with pytest.raises(ModelLoadError, match="device must be"):
        load_model(tiny_model.path, device="tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_load_model_refuses_cuda_without_a_gpu(tiny_model):
    with pytest.raises(ModelLoadError, match="no GPU"):
        load_model(tiny_model.path, device="cuda")
