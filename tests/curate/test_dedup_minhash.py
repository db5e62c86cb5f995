"""Signatures: normalization, shingles of short texts, batching, and the Jaccard estimate itself."""

from __future__ import annotations

import numpy as np
import pytest

from clearance.curate.dedup import DedupConfig, choose_bands
from clearance.curate.dedup import shingles as shingles_module
from clearance.curate.dedup.minhash import EMPTY, band_keys, estimate_jaccard, signatures
from clearance.curate.dedup.shingles import seed_salt
from clearance.curate.dedup.signer import sign_texts
from clearance.text.hashing import mix64


def _pairs_at(rng: np.random.Generator, size: int, jaccard: float, count: int):
    """``count`` pairs of random sets of ``size`` elements sharing enough to have this Jaccard."""
    common = min(size, round(2 * size * jaccard / (1 + jaccard)))
    values, owners, truths = [], [], []
    for i in range(count):
        base = rng.integers(0, 2**63, size=2 * size - common, dtype=np.uint64)
        a, b = base[:size], np.concatenate([base[:common], base[size:]])
        values += [mix64(a), mix64(b)]
        owners += [np.full(size, 2 * i), np.full(size, 2 * i + 1)]
        truths.append(common / (2 * size - common))
    return np.concatenate(values), np.concatenate(owners), np.array(truths)


@pytest.mark.parametrize("size", [2, 10, 60, 128, 400, 3000])
@pytest.mark.parametrize("jaccard", [0.3, 0.8])
def test_estimate_is_unbiased_with_classic_minhash_variance(size: int, jaccard: float) -> None:
    # Small sets leave most one-permutation bins empty (the fallback fills them); large ones none.
    rng = np.random.default_rng(size * 10 + int(jaccard * 10))
    values, owners, truth = _pairs_at(rng, size, jaccard, 400)
    sig = signatures(values, owners, 2 * len(truth), 128, seed_salt(0))
    estimate = estimate_jaccard(sig[0::2], sig[1::2])
    error = estimate - truth
    classic_sd = np.sqrt(truth * (1 - truth) / 128).mean()
    assert abs(error.mean()) < 4 * classic_sd / np.sqrt(len(truth)) + 1e-9
    assert error.std() <= 1.2 * classic_sd + 1e-9


def test_identical_and_disjoint_sets() -> None:
    rng = np.random.default_rng(0)
    a = mix64(rng.integers(0, 2**63, 500, dtype=np.uint64))
    b = mix64(rng.integers(0, 2**63, 500, dtype=np.uint64))
    values = np.concatenate([a, a[::-1], b])
    owners = np.repeat([0, 1, 2], 500)
    sig = signatures(values, owners, 3, 128, seed_salt(0))
    assert estimate_jaccard(sig[:1], sig[1:2])[0] == 1.0
    assert estimate_jaccard(sig[:1], sig[2:3])[0] < 0.05


def test_normalized_text_folds_case_spacing_punctuation_and_accents() -> None:
    config = DedupConfig()
    signed = sign_texts([
        "Hello, World! The café is open.\n\nCome in.",
        "hello world the CAFE is open come in",
        "  HELLO...   world -- the  café, is open; come in!",
        "hello world the cafe is open come inside",
    ], config)
    assert (signed.exact[0] == signed.exact[1]).all() and (signed.exact[0] == signed.exact[2]).all()
    assert not (signed.exact[0] == signed.exact[3]).all()
    assert (signed.signatures[0] == signed.signatures[2]).all()
    assert list(signed.tokens) == [8, 8, 8, 8]


def test_short_and_empty_documents() -> None:
    config = DedupConfig(shingle_size=5)
    signed = sign_texts(["", "two words", "Two, words!", "three small words", "   \n  ...  "], config)
    assert list(signed.tokens) == [0, 2, 2, 3, 0]
    assert (signed.signatures[0] == EMPTY).all() and (signed.signatures[4] == EMPTY).all()
    # A text shorter than one shingle is one shingle of all its words: equal texts, equal signatures.
    assert (signed.signatures[1] != EMPTY).all()
    assert (signed.signatures[1] == signed.signatures[2]).all()
    assert estimate_jaccard(signed.signatures[1:2], signed.signatures[3:4])[0] < 0.05


def test_signatures_do_not_depend_on_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choice(words, size=int(n))) for n in rng.integers(0, 400, size=40)]
    config = DedupConfig(verify="exact")
    together = sign_texts(texts, config)
    alone = [sign_texts([t], config) for t in texts]
    monkeypatch.setattr(shingles_module, "GROUP_CHARS", 500)  # many small tokenizer groups
    grouped = sign_texts(texts, config)
    for signed in (grouped,):
        assert (signed.signatures == together.signatures).all()
        assert (signed.exact == together.exact).all()
        assert (signed.shingles == together.shingles).all()
    assert (np.concatenate([s.signatures for s in alone]) == together.signatures).all()
    assert (np.concatenate([s.bands for s in alone]) == together.bands).all()
    assert (np.concatenate([s.shingle_count for s in alone]) == together.shingle_count).all()


def test_seed_changes_signatures_but_not_exact_hashes() -> None:
    text = ["a b c d e f g h i j k l m n o p"]
    one, two = sign_texts(text, DedupConfig(seed=1)), sign_texts(text, DedupConfig(seed=2))
    assert (one.exact == two.exact).all()
    assert not (one.signatures == two.signatures).all()


def test_band_keys_are_equal_exactly_when_bands_are() -> None:
    rng = np.random.default_rng(5)
    sig = rng.integers(0, 2**32, size=(3, 12), dtype=np.uint32)
    sig[1, :4] = sig[0, :4]  # band 0 shared by rows 0 and 1
    keys = band_keys(sig, bands=3, rows=4)
    assert keys.shape == (3, 3)
    assert keys[0, 0] == keys[1, 0]
    assert keys[0, 1] != keys[1, 1] and keys[0, 0] != keys[2, 0]
    # The same values in another band give another key position but are compared per band only.
    assert band_keys(sig[:, [4, 5, 6, 7, 0, 1, 2, 3]], 2, 4)[0, 1] == keys[0, 0]


@pytest.mark.parametrize("field, value", [
    ("shingle_size", 0), ("shingle_size", 21), ("num_perm", 0), ("bands", 0), ("rows", -1),
    ("threshold", 0.0), ("threshold", 1.5), ("verify", "maybe"), ("seed", -1), ("max_bucket_candidates", 0),
])
def test_config_rejects_bad_values_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        DedupConfig(**{field: value})


def test_config_rejects_more_band_rows_than_permutations() -> None:
    with pytest.raises(ValueError, match="bands \\* rows"):
        DedupConfig(num_perm=64, bands=20, rows=6)


def test_candidate_probability_and_band_choice() -> None:
    config = DedupConfig()
    p = config.candidate_probability(np.array([0.3, 0.5, 0.8, 0.9]))
    assert p[0] < 0.02 and 0.2 < p[1] < 0.35 and p[2] > 0.995 and p[3] > 0.99999
    assert choose_bands(0.8, 128) == (9, 13)  # datasketch's choice for the same inputs
    assert choose_bands(0.8, 128, false_negative_weight=0.95) == (16, 8)
    with pytest.raises(ValueError):
        choose_bands(1.0, 128)
