"""Trap making (n-gram and model generators, perplexity targets) and detection on the tiny model."""

from __future__ import annotations

import numpy as np
import pytest

from clearance.audit.ngram import NgramModel, detokenize, words
from clearance.audit.trap_manifest import TrapManifest, TrapSequence
from clearance.audit.traps import MakeConfig, ModelSource, NgramSource, TrapError, detect, make_traps

from .tiny_corpus import TinyModel

REFERENCE = [
    ("The harbour lay quiet under a grey sky, and the boats rocked on their moorings while the gulls "
    "argued over the nets. Old Tom walked the quay each evening, lamp in hand, and spoke to every "
    "fisherman by name. He asked after their catch, their children and their boats."),
    ("In the town above the harbour the bakers rose before dawn. The smell of bread drifted down the "
    "narrow streets to the water, where the first boats were already leaving for the banks. Nobody "
    "remembered a winter as hard as the one that followed, when the harbour froze and the boats stayed in."),
] * 3


@pytest.fixture(scope="module")
def ngram() -> NgramModel:
    return NgramModel.fit(REFERENCE, order=3)


def test_ngram_model_is_a_distribution_and_scores_what_it_samples(ngram: NgramModel) -> None:
    for context in ([], [ngram.index["the"]], [ngram.index["the"], ngram.index["harbour"]], [ngram.index["."]] * 2):
        p = ngram.distribution(context)
        assert p.min() > 0 and abs(p.sum() - 1.0) < 1e-9
        for word in (0, ngram.index["boats"], len(ngram.vocabulary) - 1):
            assert abs(ngram.probability(context, word) - p[word]) < 1e-12
    rng = np.random.default_rng(0)
    cold = [ngram.perplexity(ngram.sample(rng, 30, 0.3)) for _ in range(5)]
    hot = [ngram.perplexity(ngram.sample(rng, 30, 3.0)) for _ in range(5)]
    assert max(cold) < min(hot)  # temperature steers perplexity, which is what targeting relies on
    text = "He asked after their catch, their children."
    assert detokenize(words(text)) == text


def test_ngram_traps_hit_the_perplexity_band_and_controls_are_fresh(ngram: NgramModel) -> None:
    config = MakeConfig(count=6, controls=6, length=20, perplexity=25.0, tolerance=0.15, seed=4)
    manifest = make_traps(NgramSource(ngram, "reference.txt"), config)
    assert len(manifest.traps) == 6 and len(manifest.controls) == 6
    texts = [s.text for s in manifest.traps + manifest.controls]
    assert len(set(texts)) == 12
    for seq in manifest.traps + manifest.controls:
        assert 25.0 / 1.15 <= seq.perplexity <= 25.0 * 1.15
        assert len(seq.tokens) == 20 and seq.token_ids == ngram.encode(seq.text)
        assert abs(ngram.perplexity(seq.token_ids, [ngram.index["."]]) - seq.perplexity) < 1e-9
    assert manifest.generator["kind"] == "ngram" and manifest.generator["target_perplexity"] == 25.0
    again = make_traps(NgramSource(ngram, "reference.txt"), config)
    assert [s.text for s in again.traps] == [s.text for s in manifest.traps]  # seeded


def test_an_unreachable_target_fails_with_the_range_seen(ngram: NgramModel) -> None:
    with pytest.raises(TrapError, match="perplexities seen"):
        make_traps(NgramSource(ngram, "r"), MakeConfig(count=2, controls=2, length=10, perplexity=1.01,
                                                       tolerance=0.01, max_rounds=6))


def test_model_traps_are_scored_by_the_model(tiny_lm) -> None:
    config = MakeConfig(count=3, controls=3, length=10, perplexity=200.0, tolerance=0.5, seed=1)
    manifest = make_traps(ModelSource(tiny_lm), config)
    assert manifest.generator["kind"] == "model"
    for seq in manifest.traps + manifest.controls:
        assert len(seq.token_ids) == 10 and 200 / 1.5 <= seq.perplexity <= 300
        assert tiny_lm.tokenizer(seq.text, add_special_tokens=False)["input_ids"] == seq.token_ids


def fixture_manifest(tiny_model: TinyModel) -> TrapManifest:
    traps = [TrapSequence(f"trap-{r}-{i}", text, text.split(), [], 0.0, repeats=r)
             for r, texts in tiny_model.traps.items() for i, text in enumerate(texts)]
    controls = [TrapSequence(f"control-{i}", text, text.split(), [], 0.0)
                for i, text in enumerate(tiny_model.trap_controls)]
    return TrapManifest(seed=0, generator={"kind": "fixture"}, traps=traps, controls=controls)


def test_traps_repeated_ten_times_are_detected_and_unseen_traps_are_not(tiny_model: TinyModel, tiny_lm) -> None:
    result = detect(tiny_lm, fixture_manifest(tiny_model))
    by_repeats = {g.repeats: g for g in result.groups}
    assert set(by_repeats) == set(tiny_model.traps)
    for repeats in (10, 20):
        group = by_repeats[repeats]
        assert group.auc >= 0.95 and group.p_value < 0.001 and group.auc_ci[0] > 0.8
    unseen = by_repeats[0]
    assert unseen.p_value > 0.05 and unseen.auc_ci[0] < 0.5 < unseen.auc_ci[1]
    assert result.detected and result.overall is not None and result.overall.repeats is None
    assert result.overall.n_traps == sum(len(v) for k, v in tiny_model.traps.items() if k > 0)
    # the model as its own reference: the ratio removes everything the reference knows, so all scores are 0
    ratio = detect(tiny_lm, fixture_manifest(tiny_model), reference=tiny_lm)
    assert ratio.score == "ratio" and all(v == 0.0 for v in ratio.trap_scores.values())


def test_detect_without_inserted_traps_reports_no_detection(tiny_model: TinyModel, tiny_lm) -> None:
    manifest = fixture_manifest(tiny_model)
    manifest.traps = [t for t in manifest.traps if t.repeats == 0]
    result = detect(tiny_lm, manifest)
    assert result.overall is None and not result.detected
    manifest.controls = []
    with pytest.raises(TrapError, match="no control"):
        detect(tiny_lm, manifest)
