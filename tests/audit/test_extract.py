"""k-extractable memorization on the tiny model: repeated canaries come out, unseen ones do not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.audit.extract import ExtractionConfig, extract
from clearance.audit.generation import Sampling, generate
from clearance.audit.sequence_match import compare, levenshtein, longest_common_run

from .tiny_corpus import CANARY_PREFIX_TOKENS, CANARY_SUFFIX_TOKENS, TinyModel


def naive_levenshtein(a: list[int], b: list[int]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if i == 0 or j == 0:
                table[i][j] = i + j
            else:
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                                  table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return table[-1][-1]


def naive_longest_run(a: list[int], b: list[int]) -> int:
    return max([0] + [k for i in range(len(a)) for j in range(len(b))
                      for k in range(1, min(len(a) - i, len(b) - j) + 1) if a[i:i + k] == b[j:j + k]])


tokens = st.lists(st.integers(0, 4), max_size=12)


@settings(max_examples=200, deadline=None)
@given(tokens, tokens)
def test_vectorized_measures_agree_with_the_textbook_tables(a: list[int], b: list[int]) -> None:
    assert levenshtein(a, b) == naive_levenshtein(a, b)
    run, start = longest_common_run(a, b)
    assert run == naive_longest_run(a, b)
    if run:
        window = a[start:start + run]
        assert any(b[j:j + run] == window for j in range(len(b)))


def test_compare_reports_exact_and_similarity() -> None:
    same = compare([1, 2, 3, 4], [1, 2, 3, 4])
    assert same.exact and same.edit_similarity == 1.0 and same.longest_common == 4
    one_off = compare([1, 2, 9, 4], [1, 2, 3, 4])
    assert not one_off.exact and one_off.edit_similarity == 0.75 and one_off.longest_common == 2


CONFIG = ExtractionConfig(prefix_tokens=CANARY_PREFIX_TOKENS, suffix_tokens=CANARY_SUFFIX_TOKENS, samples=4,
                          temperature=0.5,
                          batch_size=8)


def canary_docs(tiny_model: TinyModel, repeats: int) -> list[tuple[str, str]]:
    return [(f"canary-{repeats}-{i}", text) for i, text in enumerate(tiny_model.canaries[repeats])]


def test_repeated_canaries_are_extracted_and_unseen_are_not(tiny_model: TinyModel, tiny_lm) -> None:
    seen = extract(tiny_lm, canary_docs(tiny_model, 16), CONFIG)
    unseen = extract(tiny_lm, canary_docs(tiny_model, 0), CONFIG)
    assert seen.rates()["exact"].successes == len(tiny_model.canaries[16])
    assert all(d.exact and d.edit_similarity == 1.0 and d.longest_common == CANARY_SUFFIX_TOKENS
               for d in seen.documents)
    assert all(d.p_extract(1) > 0.5 for d in seen.documents)  # the suffix is the model's likeliest path
    assert seen.rates()["sampled"].successes == len(tiny_model.canaries[16])
    assert [d.doc_id for d in seen.extracted] == sorted(d for d, _ in canary_docs(tiny_model, 16))
    assert seen.documents[0].suffix == " ".join(tiny_model.canaries[16][0].split()[CANARY_PREFIX_TOKENS:])
    for name in ("exact", "approximate", "sampled"):
        assert unseen.rates()[name].successes == 0
    assert not unseen.extracted
    assert max(d.edit_similarity for d in unseen.documents) < 0.5
    assert all(d.p_extract(1000) < 0.01 for d in unseen.documents)
    low, high = unseen.rates()["exact"].ci
    assert low == 0.0 and 0.3 < high < 0.6  # Wilson interval of 0 successes in 4


def test_left_padded_batches_continue_each_prompt_as_alone(tiny_model: TinyModel, tiny_lm) -> None:
    tok = tiny_lm.tokenizer
    prompts = [[tok.bos_token_id] + tok(text, add_special_tokens=False)["input_ids"][:n]
               for text, n in zip(tiny_model.members[:4], (3, 9, 1, 14))]
    together = generate(tiny_lm, prompts, 6, batch_size=4)
    for row, prompt in zip(together, prompts):
        assert np.array_equal(row[0], generate(tiny_lm, [prompt], 6)[0, 0])
    sampled = Sampling(greedy=False, samples=2, temperature=1.0, top_k=5)
    assert np.array_equal(generate(tiny_lm, prompts, 4, sampled, seed=3), generate(tiny_lm, prompts, 4, sampled, seed=3))


def test_short_documents_are_skipped_and_counted(tiny_lm) -> None:
    result = extract(tiny_lm, [("short", "Brief text."), ("empty", "")], CONFIG)
    assert result.documents == [] and result.skipped == {"short": 3, "empty": 0}
    assert result.to_json()["rates"]["exact"] == {"successes": 0, "n": 0, "rate": None, "ci": None}


def test_resume_reuses_finished_documents(tiny_model: TinyModel, tiny_lm) -> None:
    docs = canary_docs(tiny_model, 16) + canary_docs(tiny_model, 0)
    config = ExtractionConfig(prefix_tokens=8, suffix_tokens=8, batch_size=4)
    batches: list[list[str]] = []
    full = extract(tiny_lm, docs, config, on_batch=lambda rs: batches.append([r.doc_id for r in rs]))
    assert len(batches) == 2
    first = {r.doc_id: r for r in full.documents if r.doc_id in batches[0]}
    again: list[list[str]] = []
    resumed = extract(tiny_lm, docs, config, done=first, on_batch=lambda rs: again.append([r.doc_id for r in rs]))
    assert again == batches[1:]
    assert [d.to_json() for d in resumed.documents] == [d.to_json() for d in full.documents]


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        ExtractionConfig(prefix_tokens=0)
    with pytest.raises(ValueError):
        ExtractionConfig(samples=2, temperature=0)
    with pytest.raises(ValueError):
        ExtractionConfig(approx_threshold=1.5)
